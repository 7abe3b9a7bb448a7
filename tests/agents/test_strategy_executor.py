"""StrategyExecutor: whatever a strategy does, the answer is a checked bet or no bet with the reason."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Sequence
from types import SimpleNamespace
from typing import Any

import pytest

from aviator.agents import strategy_executor
from aviator.agents.strategy_executor import Answer, InlineCall, StrategyExecutor, ThreadCall
from aviator.strategies.base import Decision, Params, Strategy

GOOD = Decision(10.0, 2.0)


class Scripted(Strategy):
    """Answers what `answer` gives; `after` counts the bets told, `ends_lost_cycle` on every loss."""

    name = "scripted"

    def __init__(self, answer: Callable[[], Any]) -> None:
        super().__init__(Params())
        self.answer, self.seen = answer, []

    def start(self) -> int:
        return 0

    def decide(self, history: Sequence[float], state: int) -> Any:
        self.seen.append((tuple(history), state))
        return self.answer()

    def after(self, state: int, won: bool) -> int:
        return state + 1

    def ends_lost_cycle(self, state: int, won: bool) -> bool:
        return not won


def answering(value: Any) -> StrategyExecutor:
    return StrategyExecutor(Scripted(lambda: value))


def raising(error: BaseException) -> Callable[[], Any]:
    def answer() -> Any:
        raise error

    return answer


def test_a_good_decision_is_passed_on_and_the_strategy_sees_history_and_state() -> None:
    strategy = Scripted(lambda: GOOD)
    executor = StrategyExecutor(strategy)
    assert executor.decide([1.5, 2.0]) == Answer(GOOD)
    assert strategy.seen == [((1.5, 2.0), 0)]


def test_no_bet_chosen_by_the_strategy_has_no_reason() -> None:
    assert answering(None).decide([]) == Answer(None, None)


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (ValueError("boom"), "the strategy raised ValueError: boom"),
        (ZeroDivisionError("division by zero"), "the strategy raised ZeroDivisionError: division by zero"),
        (SystemExit(3), "the strategy raised SystemExit: 3"),  # a user's exit() never ends the worker
    ],
)
def test_an_exception_means_no_bet_with_the_reason(error: BaseException, reason: str) -> None:
    assert StrategyExecutor(Scripted(raising(error))).decide([]) == Answer(None, reason)


@pytest.mark.parametrize(
    ("decision", "reason"),
    [
        (Decision(math.nan, 2.0), "stake nan is not a positive amount"),
        (Decision(-5.0, 2.0), "stake -5.0 is not a positive amount"),
        (Decision(0.0, 2.0), "stake 0.0 is not a positive amount"),
        (Decision(0.004, 2.0), "stake 0.004 is not a positive amount"),  # 0.00 in cents
        (Decision(math.inf, 2.0), "stake inf is not a positive amount"),
        (Decision(-math.inf, 2.0), "stake -inf is not a positive amount"),
        (Decision(True, 2.0), "stake True is not a positive amount"),
        (Decision("10", 2.0), "stake '10' is not a positive amount"),
        (Decision(10.0, 1.0), "auto cash-out 1.0 is below 1.01 or not a number"),
        (Decision(10.0, 1.004), "auto cash-out 1.004 is below 1.01 or not a number"),  # 1.00 in cents
        (Decision(10.0, math.nan), "auto cash-out nan is below 1.01 or not a number"),
        (Decision(10.0, math.inf), "auto cash-out inf is below 1.01 or not a number"),
        (Decision(10.0, -3.0), "auto cash-out -3.0 is below 1.01 or not a number"),
        (Decision(10.0, 2.0, 2), "panel 2 is not 0 or 1"),
        (Decision(10.0, 2.0, -1), "panel -1 is not 0 or 1"),
        (Decision(10.0, 2.0, True), "panel True is not 0 or 1"),
        ((10.0, 2.0), "the strategy answered tuple, not a Decision or None"),
        ({"stake": 10.0}, "the strategy answered dict, not a Decision or None"),
        ("bet 10", "the strategy answered str, not a Decision or None"),
        (0, "the strategy answered int, not a Decision or None"),
    ],
)
def test_a_bad_answer_means_no_bet_with_the_reason(decision: object, reason: str) -> None:
    assert answering(decision).decide([]) == Answer(None, reason)


def test_a_stake_too_large_for_a_float_is_no_bet_not_a_crash() -> None:
    answer = answering(Decision(10**400, 2.0)).decide([])
    assert answer.decision is None and answer.reason is not None
    assert answer.reason.startswith("stake 1000") and "is not a positive amount" in answer.reason
    answer = answering(Decision(10.0, 10**400)).decide([])
    assert answer.decision is None and "auto cash-out" in (answer.reason or "")


def test_the_lowest_cash_out_and_cent_amounts_pass_rounded_to_cents() -> None:
    assert answering(Decision(10.004, 1.01)).decide([]) == Answer(Decision(10.0, 1.01))
    assert answering(Decision(0.005, 1.0099)).decide([]) == Answer(Decision(0.01, 1.01))  # 1.0099 -> 1.01
    assert answering(Decision(3, 4, 1.0)).decide([]) == Answer(Decision(3.0, 4.0, 1))


class FakeCounter:
    """time.perf_counter as the executor sees it: moved by the strategy, never by sleeping."""

    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


@pytest.mark.parametrize(("took", "bets"), [(0.049, True), (0.051, False), (3.0, False)])
def test_inline_call_discards_an_answer_later_than_50_ms(
    monkeypatch: pytest.MonkeyPatch, took: float, bets: bool
) -> None:
    counter = FakeCounter()
    monkeypatch.setattr(strategy_executor, "time", SimpleNamespace(perf_counter=counter))

    def slow() -> Decision:
        counter.t += took
        return GOOD

    answer = StrategyExecutor(Scripted(slow), InlineCall()).decide([])
    if bets:
        assert answer == Answer(GOOD)
    else:
        assert answer.decision is None
        assert answer.reason == f"the strategy took {took * 1000:.0f} ms, over 50 ms"


def test_a_strategy_that_cannot_start_never_bets_until_it_restarts() -> None:
    class Unstartable(Scripted):
        fail = True

        def start(self) -> int:
            if self.fail:
                raise KeyError("bankroll")
            return 0

    strategy = Unstartable(lambda: GOOD)
    executor = StrategyExecutor(strategy)
    assert executor.decide([]) == Answer(
        None, "the strategy could not start: the strategy raised KeyError: 'bankroll'"
    )
    assert strategy.seen == []  # decide is never asked without a state
    strategy.fail = False
    executor.restart()
    assert executor.decide([]) == Answer(GOOD)


def test_settle_moves_the_state_and_tells_a_lost_cycle() -> None:
    executor = answering(GOOD)
    assert executor.settle(won=False) == (True, None)
    assert executor.settle(won=True) == (False, None)
    assert executor.state == 2  # 0 -> 1 -> 2
    executor.restart()
    assert executor.state == 0


def test_a_failing_after_keeps_the_state_and_says_why() -> None:
    class BadAfter(Scripted):
        def after(self, state: int, won: bool) -> int:
            raise RuntimeError("lost track")

    executor = StrategyExecutor(BadAfter(lambda: GOOD))
    assert executor.settle(won=False) == (True, "the strategy raised RuntimeError: lost track")
    assert executor.state == 0


def test_a_failing_ends_lost_cycle_is_no_lost_cycle_and_says_why() -> None:
    class BadCycle(Scripted):
        def ends_lost_cycle(self, state: int, won: bool) -> bool:
            raise IndexError("step 9")

    executor = StrategyExecutor(BadCycle(lambda: GOOD))
    assert executor.settle(won=False) == (False, "the strategy raised IndexError: step 9")
    assert executor.state == 1  # `after` still answered


def test_thread_call_answers_a_quick_strategy() -> None:
    executor = StrategyExecutor(Scripted(lambda: GOOD), ThreadCall())
    assert executor.decide([2.0]) == Answer(GOOD)
    assert executor.settle(won=False) == (True, None)


def test_thread_call_a_stuck_strategy_fails_safe_within_a_bounded_time_until_released() -> None:
    release, entered = threading.Event(), []

    def stuck() -> Decision:
        entered.append(True)
        release.wait(timeout=30)  # the test releases it; 30 s only if the test itself broke
        return GOOD

    call = ThreadCall()
    executor = StrategyExecutor(Scripted(stuck), call)
    try:
        for _ in range(3):  # the first call hangs in the thread; the later ones wait behind it
            started = time.monotonic()
            answer = executor.decide([])
            took = time.monotonic() - started
            assert answer == Answer(None, "the strategy did not answer within 50 ms")
            assert took < 2.0  # bounded: 50 ms plus scheduling, never the 30 s the strategy hangs
        assert executor.settle(won=True) == (False, "the strategy did not answer within 50 ms")
        assert executor.state == 0  # the state is kept while the strategy is stuck
        assert entered == [True]  # the calls queued behind the stuck one were cancelled, never run
    finally:
        release.set()
    call.timeout = 10.0  # once released the thread is free again: give it time on a loaded machine
    assert executor.decide([]) == Answer(GOOD)


def test_thread_call_a_raising_or_exiting_strategy_is_no_bet() -> None:
    executor = StrategyExecutor(Scripted(raising(SystemExit("bye"))), ThreadCall())
    assert executor.decide([]) == Answer(None, "the strategy raised SystemExit: bye")


def test_a_process_whose_strategy_hangs_can_still_leave() -> None:
    """The strategy's thread is a daemon: a worker stopping with a stuck strategy is not held."""
    import subprocess
    import sys

    code = (
        "import threading\n"
        "from aviator.agents.strategy_executor import ThreadCall\n"
        "print(ThreadCall()(threading.Event().wait)[2])\n"  # waits forever
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "the strategy did not answer within 50 ms"
