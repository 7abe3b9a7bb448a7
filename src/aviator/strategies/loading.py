"""Finding a strategy by name: a built-in, or a class in a Python file of the user's folder.

A user strategy is any subclass of `aviator.strategies.base.Strategy` with a `name`, in a `.py`
file of the folder the setup names (`betting.strategies`) or --strategies names.
"""

from __future__ import annotations

import importlib.util
import inspect
import sys
from pathlib import Path
from types import ModuleType

from aviator.strategies.base import Strategy
from aviator.strategies.builtins import BUILT_IN


class StrategyNotFound(LookupError):
    """No strategy of that name, or a user's file that cannot be loaded: the message says which."""


def strategy_class(name: str, folder: Path | None = None) -> type[Strategy]:
    """The strategy called `name`: a built-in, or one defined in `folder`'s Python files."""
    found = user_strategies(folder) if folder is not None else {}
    if name in BUILT_IN:
        return BUILT_IN[name]
    if name not in found:
        known = ", ".join(sorted(BUILT_IN) + sorted(found))
        where = f" or in {folder}" if folder is not None else " (user strategies: --strategies FOLDER)"
        raise StrategyNotFound(f"no strategy named {name!r} among the built-ins{where}; known: {known}")
    return found[name]


def user_strategies(folder: Path) -> dict[str, type[Strategy]]:
    """Every named Strategy subclass defined in the `.py` files of `folder`."""
    if not folder.is_dir():
        raise StrategyNotFound(f"the strategies folder {folder} does not exist")
    found: dict[str, type[Strategy]] = {}
    for path in sorted(folder.glob("*.py")):
        for cls in _classes(_module(path)):
            if cls.name in BUILT_IN or cls.name in found:
                raise StrategyNotFound(f"{path}: a strategy named {cls.name!r} exists already: rename it")
            found[cls.name] = cls
    return found


def _module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"aviator_user_strategies.{path.stem}", path)
    if spec is None or spec.loader is None:
        raise StrategyNotFound(f"{path}: not a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # pydantic resolves the file's postponed annotations through it
    try:
        spec.loader.exec_module(module)
    except Exception as error:  # the user's code: any error is theirs to fix, named with its file
        sys.modules.pop(spec.name, None)
        raise StrategyNotFound(f"{path}: cannot be loaded: {type(error).__name__}: {error}") from None
    return module


def _classes(module: ModuleType) -> list[type[Strategy]]:
    return [
        cls
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, Strategy) and cls.name and cls.__module__ == module.__name__
    ]
