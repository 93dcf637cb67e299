"""The package's shape: no import circle, and each layer imports only the layers below it.

Every module under workshop/ is parsed with `ast` (nothing is imported), and
every import counts: module level, inside functions, under `if TYPE_CHECKING:`,
relative and absolute. docs/architecture.md draws the same layers.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "workshop"

# Lowest first. A module may import its own layer and the ones before it.
LAYERS = (
    ("base", ("workshop.i18n", "workshop.resources")),
    ("model", ("workshop.words", "workshop.language", "workshop.model", "workshop.files", "workshop.formats",
               "workshop.redact", "workshop.loaders", "workshop.library")),
    ("engine", ("workshop.engine",)),
    ("edit", ("workshop.history", "workshop.rewrite", "workshop.render", "workshop.state", "workshop.charts")),
    ("sessions", ("workshop.storage", "workshop.sessions", "workshop.report", "workshop.practice",
                  "workshop.config", "workshop.identity", "workshop.team")),
    ("app", ("workshop.app",)),
    ("entry", ("workshop", "workshop.__main__", "workshop.cli", "workshop.serve", "workshop.server")),
)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The workshop modules `name` imports anywhere in its source."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                full = ".".join(base + ([node.module] if node.module else []))
            else:
                full = node.module or ""
            # `from X import y` imports the module X.y when there is one, else X itself.
            targets = [f"{full}.{a.name}" if f"{full}.{a.name}" in known else full for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:  # `import workshop.engine.doc as d` -> that module
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


def import_graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports_of(name, path, known) for name, path in found.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle as a list of modules (first == last), or None."""
    state: dict[str, int] = {}  # 1 on the path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def layer_of(name: str) -> int | None:
    best = None
    for index, (_label, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if name == prefix or (prefix != "workshop" and name.startswith(prefix + ".")):
                best = index
    return best


def test_the_graph_sees_every_kind_of_import():
    graph = import_graph()
    assert "workshop.i18n" in graph["workshop.model"]  # module level, relative
    assert "workshop.loaders" in graph["workshop.engine.analyze"]  # function level or module level
    assert "workshop.render" in graph["workshop.app.common"]  # two dots
    assert "workshop.report" in graph["workshop.cli"]  # `from . import report` inside a function


def test_no_import_circle():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import circle: " + " -> ".join(cycle or [])


def test_cycle_finder_names_the_circle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_every_module_has_a_layer():
    missing = [name for name in modules() if layer_of(name) is None]
    assert not missing, f"give these modules a layer in LAYERS (and docs/architecture.md): {missing}"


def test_each_layer_imports_only_the_layers_below():
    wrong = []
    for name, targets in sorted(import_graph().items()):
        mine = layer_of(name)
        for target in sorted(targets):
            theirs = layer_of(target)
            if mine is not None and theirs is not None and theirs > mine:
                wrong.append(f"{name} ({LAYERS[mine][0]}) imports {target} ({LAYERS[theirs][0]})")
    assert not wrong, "imports against the layer order:\n" + "\n".join(wrong)


@pytest.mark.parametrize("upper", ["workshop.app", "workshop.sessions", "workshop.report", "workshop.render",
                                   "workshop.rewrite", "workshop.state", "workshop.practice", "workshop.cli"])
def test_engine_imports_nothing_above_it(upper):
    graph = import_graph()
    engine = [name for name in graph if name.startswith("workshop.engine")]
    assert engine, "workshop/engine/ is missing"
    offenders = [n for n in engine if any(t == upper or t.startswith(upper + ".") for t in graph[n])]
    assert not offenders, f"{offenders} import {upper}"


def test_model_and_loaders_import_nothing_from_the_engine():
    graph = import_graph()
    for name in ("workshop.model", "workshop.loaders", "workshop.files", "workshop.words", "workshop.language",
                 "workshop.library", "workshop.formats", "workshop.formats.speech", "workshop.formats.tickets"):
        assert name in graph, name
        assert not [t for t in graph[name] if t.startswith("workshop.engine")], name

