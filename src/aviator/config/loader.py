"""Reading a setup file, or any YAML file checked by a pydantic model (a strategy's --params): every
problem named with its file, line, key and reason."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from aviator.config.betting import BettingConfig
from aviator.config.schema_errors import explained, explained_for
from aviator.config.setup import TEMPLATE_KEYS, BookmakerEntry, Setup
from aviator.config.setup_checks import Location
from aviator.strategies.loading import StrategyNotFound, strategy_class

M = TypeVar("M", bound=BaseModel)
Explain = Callable[[ErrorDetails], tuple[Location, str]]  # a pydantic error -> where it is, and why


@dataclass(frozen=True)
class ConfigProblem:
    file: Path
    line: int | None
    key: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        return f"{where}: {self.key or '(top)'}: {self.reason}"


class ConfigError(Exception):
    """A configuration error: the user fixes the file; nothing runs meanwhile."""

    def __init__(self, problems: list[ConfigProblem]) -> None:
        self.problems = sorted(problems, key=lambda p: p.line or 0)  # in the order of the file
        super().__init__("\n".join(map(str, self.problems)))


def load_setup(path: Path, screen_size: Callable[[str | None], tuple[int, int]] | None = None) -> Setup:
    """The setup in `path`, templates resolved beside it; raises ConfigError listing every problem.
    `screen_size` gives the size of the setup's display, so that games off the screen are named too."""
    if not path.is_file():
        fix = "correct the path, or write one (`aviator calibrate --out FILE`, `aviator config example`)"
        raise ConfigError([ConfigProblem(path, None, "", f"no such file: {fix}")])
    root, data = _parse(path)
    setup = _resolved(_validated(path, root, data, Setup, explained), path.parent)
    found = setup.problems() + betting_problems(setup.betting)
    if not found and screen_size is not None:
        found = setup.screen_problems(*screen_size(setup.display))
    problems = [_problem(path, root, loc, reason) for loc, reason in found]
    if problems:
        raise ConfigError(problems)
    return setup


def load_model(path: Path, model: type[M]) -> M:
    """The YAML file `path` checked by `model` (a strategy's --params): raises ConfigError naming
    each problem's file, line, key and reason, as for a setup file."""
    if not path.is_file():
        raise ConfigError([ConfigProblem(path, None, "", "no such file: correct the path")])
    root, data = _parse(path)
    return _validated(path, root, data, model, explained_for(model))


def _validated(path: Path, root: yaml.Node | None, data: Any, model: type[M], explain: Explain) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        found = list(dict.fromkeys(explain(e) for e in error.errors()))  # one line per problem
        raise ConfigError([_problem(path, root, loc, reason) for loc, reason in found]) from None


def _parse(path: Path) -> tuple[yaml.Node | None, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:  # a binary file given by mistake: a problem to name, not a traceback
        raise ConfigError([ConfigProblem(path, None, "", "not a text (UTF-8) file")]) from None
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader), yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or str(error)
        raise ConfigError(
            [
                ConfigProblem(
                    path,
                    mark.line + 1 if mark else None,
                    "",
                    f"not YAML: {reason}: correct the syntax near this line",
                )
            ]
        ) from None


def _problem(path: Path, root: yaml.Node | None, loc: Location, reason: str) -> ConfigProblem:
    key = ".".join(str(part) for part in loc)
    return ConfigProblem(path, _line(root, loc), key, reason)


def _line(node: yaml.Node | None, loc: Location) -> int | None:
    """The line of the deepest node of `loc` that the file has (a missing key: its parent's line)."""
    if node is None:
        return None
    line = node.start_mark.line + 1
    for part in loc:
        child = _child(node, part)
        if child is None:
            return line
        node, line = child, child.start_mark.line + 1
    return line


def _child(node: yaml.Node, part: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == part:
                return key if isinstance(value, yaml.ScalarNode) and value.value == "" else value
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    return None


def _resolved(setup: Setup, folder: Path) -> Setup:
    """Template paths, and the strategies folder, relative to the setup file's folder."""
    entries = [e.model_copy(update=_beside(e, folder)) for e in setup.bookmakers]
    betting = setup.betting
    if betting is not None and betting.strategies is not None and not betting.strategies.is_absolute():
        betting = betting.model_copy(update={"strategies": folder / betting.strategies})
    return setup.model_copy(update={"bookmakers": entries, "betting": betting})


def betting_problems(betting: BettingConfig | None) -> list[tuple[Location, str]]:
    """A strategy that cannot be found, or parameters its own model refuses, named under `betting`."""
    if betting is None:
        return []
    try:
        cls = strategy_class(betting.strategy, betting.strategies)
    except StrategyNotFound as error:
        return [(("betting", "strategy"), str(error))]
    try:
        cls.Params.model_validate(betting.params)
    except ValidationError as error:
        found = dict.fromkeys(explained_for(cls.Params)(e) for e in error.errors())
        return [(("betting", "params", *loc), reason) for loc, reason in found]
    return []


def _beside(entry: BookmakerEntry, folder: Path) -> dict[str, Path]:
    paths = {key: getattr(entry, key) for key in TEMPLATE_KEYS}
    return {key: folder / path for key, path in paths.items() if path is not None and not path.is_absolute()}


def dump_setup(setup: Setup, path: Path, comment: str) -> None:
    """Writes `setup` as YAML with `comment` on top; boxes stay on one line each."""
    data = setup.model_dump(mode="json", exclude_none=True)
    text = yaml.safe_dump(data, sort_keys=False, default_flow_style=None, width=200)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"# {line}\n" for line in comment.splitlines()) + text, encoding="utf-8")
