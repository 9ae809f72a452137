"""The package's shape, as docs/ARCHITECTURE.md states it: layers import only downward,
no import circle, small modules and functions, few loose modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "pipeline"
# Each layer and what it may import (besides itself); doors sit on top of everything.
LAYERS = {
    "core": {"resources"},
    "resources": set(),
    "ingest": {"core", "resources"},
    "nlp": {"core", "resources", "ingest"},
    "classify": {"core", "resources", "ingest"},
    "tables": {"core", "resources"},
    "run": {"core", "resources", "ingest", "tables"},
}
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80
MAX_LOOSE_MODULES = 6


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, ast.Module]:
    return {
        module_name(path): ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def _statements(tree: ast.Module) -> list[ast.stmt]:
    """Top-level statements, with those inside top-level ``if`` blocks (``if
    TYPE_CHECKING:`` too: a circle of annotations is still a circle to a reader)."""
    found: list[ast.stmt] = []
    for node in tree.body:
        found += [node, *(node.body + node.orelse if isinstance(node, ast.If) else [])]
    return found


def top_level_imports(tree: ast.Module, name: str, is_package: bool) -> set[str]:
    """Modules a module imports outside its functions (imports in a function load on use)."""
    found: set[str] = set()
    for node in _statements(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name if is_package else name.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{base}".rstrip(".")
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return {module for module in found if module.startswith("pipeline")}


def import_graph() -> dict[str, set[str]]:
    trees = modules()
    packages = {module_name(p) for p in PACKAGE.rglob("__init__.py")}
    return {
        name: {m for m in top_level_imports(tree, name, name in packages) if m in trees} - {name}
        for name, tree in trees.items()
    }


def test_no_import_circle():
    graph = import_graph()
    visiting, done, circles = set(), set(), []

    def visit(node: str, path: list[str]) -> None:
        if node in done:
            return
        if node in visiting:
            circles.append([*path[path.index(node) :], node])
            return
        visiting.add(node)
        for target in sorted(graph[node]):
            visit(target, [*path, node])
        visiting.discard(node)
        done.add(node)

    for node in sorted(graph):
        visit(node, [])
    # A package importing its own submodules in __init__ is not a circle of two modules.
    real = [c for c in circles if not all(m.startswith(c[0]) or c[0].startswith(m) for m in c)]
    assert real == []


def test_layers_import_only_downward():
    wrong = []
    for name, targets in import_graph().items():
        layer = name.split(".")[1] if "." in name else None
        if layer not in LAYERS:
            continue
        for target in targets:
            other = target.split(".")[1] if target.count(".") else None
            if other and other != layer and other not in LAYERS[layer]:
                wrong.append(f"{name} imports {target}")
    assert wrong == []


@pytest.mark.parametrize(
    "path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_modules_and_functions_stay_small(path: Path):
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") <= MAX_MODULE_LINES
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == []


def test_few_loose_modules():
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(loose) <= MAX_LOOSE_MODULES, loose


def test_the_checker_finds_a_circle(tmp_path):
    """The circle check is not vacuous: two modules importing each other are found."""
    a = ast.parse("from pipeline.run import b\n")
    assert top_level_imports(a, "pipeline.run.a", False) == {"pipeline.run", "pipeline.run.b"}
    guarded = ast.parse("if TYPE_CHECKING:\n    from pipeline.run import b\n")
    assert "pipeline.run.b" in top_level_imports(guarded, "pipeline.run.a", False)
    inside = ast.parse("def f():\n    from pipeline.run import b\n")
    assert top_level_imports(inside, "pipeline.run.a", False) == set()
