"""Model-making tools (training, export, model cards). Not part of the runtime wheel."""
