"""The package's shape: its top-level parts import each other in one direction only."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "contractkit"
#: The front door and the CLI sit above everything and may import any part.
_ABOVE = {"__init__", "__main__", "cli"}


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports() -> dict[str, dict[str, set[str]]]:
    """part -> imported part -> modules doing it; every import counts, type-only and local."""
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for path in PACKAGE.rglob("*.py"):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        module = module.removesuffix(".__init__")
        here = _part(module)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                if name.startswith("contractkit.") and _part(name) != here:
                    found[here][_part(name)].add(module)
    return found


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle in the graph, as a path of parts, or ``None``."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycle_between_top_level_parts() -> None:
    imports = _imports()
    graph = {a: set(b) - _ABOVE for a, b in imports.items() if a not in _ABOVE}
    cycle = _cycle(graph)
    where = [
        f"{a} -> {b} in {', '.join(sorted(imports[a][b]))}"
        for a, b in zip(cycle or [], (cycle or [])[1:], strict=False)
    ]
    assert cycle is None, "import cycle: " + "; ".join(where)


def test_results_sit_below_their_writers() -> None:
    imports = _imports()
    for lower in ("ocr", "document", "clauses", "terms", "extraction", "playbook", "plugins"):
        assert "render" not in imports.get(lower, {}), (lower, dict(imports[lower]))
        assert "cli" not in imports.get(lower, {}), lower


def test_the_cycle_finder_finds_cycles() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}}) is None


def test_external_programs_are_started_from_their_own_modules() -> None:
    # Tesseract and Ghostscript each have one module; batch starts its worker processes.
    allowed = {"ocr/_tesseract.py", "ocr/_programs.py", "batch/_isolate.py"}
    starting = set()
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(n in ("subprocess", "asyncio.subprocess") for n in names):
                starting.add(path.relative_to(PACKAGE).as_posix())
    assert starting == allowed


def test_no_source_file_is_over_500_lines() -> None:
    # Past that a module is split by role (issue 15); STYLE.md suggests about 400.
    long = {
        path.relative_to(PACKAGE).as_posix(): lines
        for path in PACKAGE.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert long == {}
