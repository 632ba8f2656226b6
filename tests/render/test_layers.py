"""The render package is a shell: it imports inwards only, and only outer shells import it.

The outer shells are the CLI, the web app, and the app's services (which turn an episode
into a document), as the conventions' import order has it: cli, web -> services -> render.
"""

from __future__ import annotations

import ast
from pathlib import Path

import spinepath

PACKAGE = Path(spinepath.__file__).parent
RENDER_MAY_IMPORT = (
    "spinepath.render",
    "spinepath.contract",
    "spinepath.knowledge",
    "spinepath.domain",
)
MAY_IMPORT_RENDER = ("spinepath.render", "spinepath.cli", "spinepath.web", "spinepath.services")


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name == "spinepath" or name.startswith("spinepath.")}


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_render_imports_only_the_contract_knowledge_and_core() -> None:
    for path in (PACKAGE / "render").rglob("*.py"):
        wrong = {name for name in _imports(path) if not name.startswith(RENDER_MAY_IMPORT)}
        assert not wrong, f"{_module(path)} imports {sorted(wrong)}"


def test_only_the_outer_shells_import_render() -> None:
    importers = {
        _module(path)
        for path in PACKAGE.rglob("*.py")
        if any(name.startswith("spinepath.render") for name in _imports(path))
    }
    assert importers, "the check found no importer at all: the CLI imports render"
    assert all(module.startswith(MAY_IMPORT_RENDER) for module in importers), importers
