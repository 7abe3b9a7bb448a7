"""Finding strategies by name: the built-ins, the user's own files, and clear errors for the rest."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from aviator.strategies.base import Decision, Strategy
from aviator.strategies.builtins import Martingale
from aviator.strategies.loading import StrategyNotFound, strategy_class, user_strategies

# The way a user writes a strategy, house style included: postponed annotations and declared params.
MINE = """
from __future__ import annotations

from typing import Annotated

from pydantic import Field

from aviator.strategies.base import Decision, Params, Strategy


class EveryOtherParams(Params):
    stake: Annotated[float, Field(gt=0)] = 5.0
    auto_cashout: float = 1.5


class EveryOther(Strategy):
    name = "every_other"
    Params = EveryOtherParams

    def start(self) -> int:
        return 0

    def decide(self, history, state):
        return Decision(self.params.stake, self.params.auto_cashout) if state % 2 == 0 else None

    def after(self, state, won):
        return state + 1


class Unnamed(Strategy):  # no name: a helper, not offered
    pass
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_built_in_is_found_without_a_folder() -> None:
    assert strategy_class("martingale") is Martingale


def test_a_users_strategy_is_loaded_by_name_with_its_params(tmp_path: Path) -> None:
    write(tmp_path, "mine.py", MINE)
    cls = strategy_class("every_other", tmp_path)
    strategy = cls(cls.Params.model_validate({"stake": 7}))
    assert cls.name == "every_other" and issubclass(cls, Strategy)
    state = strategy.start()
    assert strategy.decide((), state) == Decision(7.0, 1.5)
    assert strategy.decide((), strategy.after(state, won=False)) is None  # state 1: odd, no bet


def test_only_named_strategies_defined_in_the_folder_are_offered(tmp_path: Path) -> None:
    write(tmp_path, "mine.py", MINE)
    write(
        tmp_path,
        "derived.py",
        "from aviator.strategies.builtins import Flat\n\nclass Flat2(Flat):\n    name = 'flat2'\n",
    )
    found = user_strategies(tmp_path)
    assert sorted(found) == ["every_other", "flat2"]  # not Unnamed, not the imported Flat


def test_a_users_params_reject_an_unknown_key(tmp_path: Path) -> None:
    write(tmp_path, "mine.py", MINE)
    cls = strategy_class("every_other", tmp_path)
    with pytest.raises(ValidationError, match="stakee"):
        cls.Params.model_validate({"stakee": 7})
    with pytest.raises(ValidationError):
        cls.Params.model_validate({"stake": 0})  # the user's own Field(gt=0)


def test_a_file_with_a_syntax_error_names_the_file(tmp_path: Path) -> None:
    write(tmp_path, "mine.py", MINE)
    broken = write(tmp_path, "broken.py", "def decide(:\n")
    with pytest.raises(StrategyNotFound) as raised:
        strategy_class("every_other", tmp_path)
    message = str(raised.value)
    assert str(broken) in message and "SyntaxError" in message


def test_a_file_that_raises_on_import_names_the_file_and_the_error(tmp_path: Path) -> None:
    broken = write(tmp_path, "boom.py", "raise RuntimeError('no config here')\n")
    with pytest.raises(StrategyNotFound, match="no config here") as raised:
        strategy_class("anything", tmp_path)
    assert str(broken) in str(raised.value) and "RuntimeError" in str(raised.value)


def test_an_unknown_name_lists_the_known_ones(tmp_path: Path) -> None:
    write(tmp_path, "mine.py", MINE)
    with pytest.raises(StrategyNotFound) as raised:
        strategy_class("labouchere", tmp_path)
    message = str(raised.value)
    assert "'labouchere'" in message and str(tmp_path) in message
    assert message.endswith("known: dalembert, flat, martingale, paroli, every_other")


def test_an_unknown_name_without_a_folder_says_how_to_give_one() -> None:
    with pytest.raises(StrategyNotFound, match="--strategies FOLDER") as raised:
        strategy_class("labouchere")
    assert str(raised.value).endswith("known: dalembert, flat, martingale, paroli")


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(StrategyNotFound, match="does not exist") as raised:
        strategy_class("every_other", missing)
    assert str(missing) in str(raised.value)


def test_builtin_params_reject_an_unknown_key() -> None:
    with pytest.raises(ValidationError, match="extra"):
        Martingale.Params.model_validate({"stakes": [10, 20], "cashouts": [2.0, 2.0], "steps": 2})


def test_martingale_stakes_and_cashouts_of_different_lengths_are_rejected() -> None:
    with pytest.raises(ValidationError, match="stakes has 3 steps, cashouts 2"):
        Martingale.Params.model_validate({"stakes": [10, 20, 40], "cashouts": [2.0, 2.0]})


def test_the_readmes_strategy_example_loads_and_bets(tmp_path: Path) -> None:
    from aviator.analysis.backtest import backtest

    readme = (Path(__file__).parents[2] / "README.md").read_text()
    blocks = [block.split("```", 1)[0] for block in readme.split("```python\n")[1:]]
    (source,) = [block for block in blocks if '"wait-for-low"' in block]  # the strategy example
    (tmp_path / "mine.py").write_text(source)
    cls = strategy_class("wait-for-low", tmp_path)
    result = backtest(cls(cls.Params()), [1.2, 3.0, 1.0, 1.6, 2.5, 1.4, 1.0])
    # after 1.2: bet 5 on 3.0 (won +5); after 1.0: bet on 1.6 (lost -5); after 1.4: bet on 1.0 (lost -5)
    assert (result.bets, result.wins, result.profit) == (3, 1, -5.0)
