"""The layers as the imports are (docs/ARCHITECTURE.md): dependencies point one way. Parsed from
the source, lazy imports inside functions included, so a shortcut through a function body is
caught too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "storecheck"

#: What each layer may import from storecheck, besides itself.
ALLOWED: dict[str, tuple[str, ...]] = {
    "contract": (),
    "vision": ("storecheck.contract",),
    "checks": ("storecheck.contract", "storecheck.vision.types"),
    # The engine's config knows nothing of the service: its sections live in service_config.
    "config": ("storecheck.contract", "storecheck.vision", "storecheck.checks"),
    "settings": (),
    "stores_config": ("storecheck.contract", "storecheck.checks"),
    "engine": ("storecheck.contract", "storecheck.vision", "storecheck.checks", "storecheck.config"),
    "store": ("storecheck.contract", "storecheck.checks", "storecheck.settings", "storecheck.stores_config"),
    "notify": ("storecheck.contract", "storecheck.checks", "storecheck.store"),
    # The whole config file: schemas only, nothing that opens a database or loads a model.
    "service_config": ("storecheck.config", "storecheck.stores_config", "storecheck.notify.config",
                       "storecheck.store.order_policy"),
    # Settings -> config, database, images: below the service and the workers, above the store.
    "wiring": ("storecheck.settings", "storecheck.config", "storecheck.service_config", "storecheck.store"),
    "queue": ("storecheck.contract", "storecheck.vision", "storecheck.checks", "storecheck.config",
              "storecheck.settings", "storecheck.engine", "storecheck.store", "storecheck.wiring"),
    "reports": ("storecheck.contract", "storecheck.checks", "storecheck.store"),
    # The edge agent needs no database: the engine and the config file, never the store.
    "capture": ("storecheck.contract", "storecheck.vision", "storecheck.checks", "storecheck.config",
                "storecheck.service_config", "storecheck.engine"),
}
#: On top, free to import every layer: the service (api/) and the command line.
ON_TOP = ("api", "cli")
#: No layer below the service imports the service.
BELOW_THE_SERVICE = tuple(ALLOWED)


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name == "storecheck" or name.startswith("storecheck.")}


def modules_of(layer: str) -> list[Path]:
    folder = PACKAGE / layer
    return sorted(folder.rglob("*.py")) if folder.is_dir() else [PACKAGE / f"{layer}.py"]


@pytest.mark.parametrize("layer", BELOW_THE_SERVICE)
def test_nothing_below_the_service_imports_it(layer: str) -> None:
    offenders = [f"{path.relative_to(PACKAGE)} imports {name}" for path in modules_of(layer)
                 for name in imports_of(path) if name.startswith("storecheck.api")]
    assert offenders == []


@pytest.mark.parametrize("layer", list(ALLOWED))
def test_each_layer_imports_only_what_lies_below_it(layer: str) -> None:
    own = f"storecheck.{layer}"
    allowed = (own, *ALLOWED[layer])
    offenders = [f"{path.relative_to(PACKAGE)} imports {name}" for path in modules_of(layer)
                 for name in imports_of(path)
                 if not any(name == a or name.startswith(a + ".") for a in allowed)]
    assert offenders == []


def test_every_module_has_a_place_in_the_layers() -> None:
    """A new top-level module or package must be given its layer above, or it goes unchecked."""
    placed = {*ALLOWED, *ON_TOP, "__init__"}
    unplaced = sorted({path.relative_to(PACKAGE).parts[0].removesuffix(".py") for path in PACKAGE.rglob("*.py")}
                      - placed)
    assert unplaced == []
