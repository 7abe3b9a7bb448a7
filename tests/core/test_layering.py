"""The layers of DESIGN.md: `core` is the infrastructure every higher layer stands on, so it
imports none of them (a worker that reads pixels must not pull in the simulator or the CLI)."""

from __future__ import annotations

import ast
from pathlib import Path

import aviator

PACKAGE = Path(aviator.__file__).parent
FORBIDDEN_FROM_CORE = ("sim", "orchestration", "collectors", "cli", "gui", "api", "agents", "strategies")


def imported_modules(path: Path) -> set[str]:
    """Every absolute module name a file imports, at module level or inside functions."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def layer_violations(layer: str, forbidden: tuple[str, ...]) -> list[str]:
    bad = tuple(f"aviator.{name}" for name in forbidden)
    found = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for module in sorted(imported_modules(path)):
            if module.startswith(bad) and module.split(".")[1] in forbidden:
                found.append(f"{path.relative_to(PACKAGE)} imports {module}")
    return found


def test_core_imports_no_higher_layer() -> None:
    assert layer_violations("core", FORBIDDEN_FROM_CORE) == []


def test_the_check_sees_an_import_inside_a_function(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text("def f():\n    from aviator.sim.engine import GameEngine\n", encoding="utf-8")
    assert "aviator.sim.engine" in imported_modules(source)


def test_strategies_and_agents_stand_below_the_processes_and_the_commands() -> None:
    """A strategy is loaded into worker processes and backtests alike: it knows no process, screen
    reader or command; the agents know strategies and the core, not who runs them."""
    above = ("sim", "orchestration", "collectors", "cli", "gui", "api")
    assert layer_violations("strategies", (*above, "agents")) == []
    assert layer_violations("agents", above) == []
