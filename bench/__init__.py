"""Measurement scripts: speed, memory and accuracy. Not part of the runtime wheel."""
