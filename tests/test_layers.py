"""Layer contracts (import-linter), no import cycle, the science topics' public APIs."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold() -> None:
    lint_imports = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    completed = subprocess.run(
        [lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def _import_graph() -> object:
    import grimp

    return grimp.build_graph("occlusion")


def test_no_import_cycle() -> None:
    graph: Any = _import_graph()
    index: dict[str, int] = {}
    lowest: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        # Tarjan's strongly connected components.
        index[module] = lowest[module] = len(index)
        stack.append(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                lowest[module] = min(lowest[module], lowest[imported])
            elif imported in stack:
                lowest[module] = min(lowest[module], index[imported])
        if lowest[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    assert cycles == []


SCIENCE_TOPICS = ("lop", "bands", "protocols", "screening", "loads", "prescription")


def test_science_topics_are_used_through_their_public_api() -> None:
    outside: list[str] = []
    for path in sorted((ROOT / "src" / "occlusion").rglob("*.py")):
        parts = path.relative_to(ROOT / "src").with_suffix("").parts
        module = ".".join(parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not node.module:
                continue
            names = node.module.split(".")
            if names[:2] != ["occlusion", "science"] or len(names) < 4:
                continue
            if names[2] in SCIENCE_TOPICS and not module.startswith(".".join(names[:3])):
                outside.append(f"{module} imports {node.module}")
    assert outside == []


def test_every_science_topic_lists_its_public_api() -> None:
    import importlib

    for topic in SCIENCE_TOPICS:
        package = importlib.import_module(f"occlusion.science.{topic}")
        public = package.__all__
        assert public, topic
        for name in public:
            assert hasattr(package, name), f"{topic}.{name}"
