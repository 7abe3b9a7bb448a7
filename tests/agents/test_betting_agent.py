"""BettingAgent driven by hand, window by window, with a ledger in this process, a paper executor
that records what it was asked, and an audit that keeps every event and bet."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest

from aviator.agents.betting_agent import HISTORY, BettingAgent
from aviator.agents.executors import PaperExecutor, Placed
from aviator.agents.granters import LocalGranter
from aviator.agents.ledger import ALL, Ledger
from aviator.agents.strategy_executor import StrategyExecutor
from aviator.analysis.backtest import BacktestResult, backtest
from aviator.config.betting import BettingConfig, Limits
from aviator.core.communication.clock import ManualClock
from aviator.core.communication.messages import BetGrant, BetRequest
from aviator.data.models import Bet, BetEvent
from aviator.strategies.base import Decision, Params, Strategy
from aviator.strategies.builtins import Flat, FlatParams, Martingale, MartingaleParams

NO_LIMITS = Limits()
FLAT_10 = Decision(10.0, 2.0)
T0 = "2026-01-01T00:00:00.000Z"  # ManualClock's origin


@dataclass
class ListAudit:
    events: list[BetEvent] = field(default_factory=list)
    bets: list[Bet] = field(default_factory=list)

    def event(self, event: BetEvent) -> None:
        self.events.append(event)

    def bet(self, bet: Bet) -> None:
        self.bets.append(bet)

    def steps(self) -> list[str]:
        return [event.event for event in self.events]

    def detail(self, step: str) -> str | None:
        return next(event.detail for event in self.events if event.event == step)


class RecordingExecutor(PaperExecutor):
    """Paper, keeping what it was asked to place and cancel; `refuse`/`cancel_fails` say no."""

    def __init__(self, refuse: str | None = None, cancel_fails: str | None = None) -> None:
        self.placed: list[Decision] = []
        self.cancelled: list[Decision] = []
        self.refuse, self.cancel_fails = refuse, cancel_fails

    def place(self, decision: Decision) -> Placed:
        if self.refuse is not None:
            return Placed(False, self.refuse, (("typed", f"{decision.stake:.2f}"),))
        self.placed.append(decision)
        return Placed(True)

    def cancel(self, decision: Decision) -> Placed:
        self.cancelled.append(decision)
        return Placed(False, self.cancel_fails) if self.cancel_fails else Placed(True)


class LateGranter(LocalGranter):
    """The ledger sees each request at once (as the main process does, in order) but its answer
    reaches the agent only when the test calls `deliver`."""

    def __init__(self, ledger: Ledger) -> None:
        super().__init__(ledger)
        self.waiting: list[tuple[BetGrant, Callable[[BetGrant], None]]] = []

    def ask(self, request: BetRequest, reply: Callable[[BetGrant], None]) -> None:
        self.waiting.append((self.ledger.grant(request), reply))

    def deliver(self) -> None:
        for grant, reply in self.waiting:
            reply(grant)
        self.waiting.clear()


class Counting(Strategy):
    """Answers `answer` (raises it if it is an exception), keeping the history it was shown."""

    name = "counting"

    def __init__(self, answer: Any = FLAT_10) -> None:
        super().__init__(Params())
        self.answer, self.histories = answer, []

    def decide(self, history: Sequence[float], state: Any) -> Any:
        self.histories.append(tuple(history))
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


@dataclass
class Rig:
    agent: BettingAgent
    ledger: Ledger
    clock: ManualClock
    audit: ListAudit
    executor: RecordingExecutor
    granter: LocalGranter


def rig(
    strategy: Strategy | None = None,
    limits: Limits = NO_LIMITS,
    late: bool = False,
    executor: RecordingExecutor | None = None,
    history: Sequence[float] = (),
) -> Rig:
    clock, audit = ManualClock(), ListAudit()
    ledger = Ledger(BettingConfig(limits=limits), clock)
    granter = LateGranter(ledger) if late else LocalGranter(ledger)
    executor = executor or RecordingExecutor()
    strategy = strategy or Flat(FlatParams(stake=10, auto_cashout=2.0))
    agent = BettingAgent("admiral", StrategyExecutor(strategy), executor, granter, audit, clock, history)
    return Rig(agent, ledger, clock, audit, executor, granter)


def one_round(r: Rig, crash: float) -> None:
    r.agent.betting_started(watched=True)
    r.agent.flight_started()
    r.clock.advance(10.0)
    r.agent.round_ended(crash, None)


def test_a_window_not_watched_open_is_never_bet_on() -> None:
    strategy = Counting()
    r = rig(strategy)
    r.agent.betting_started(watched=False)
    r.agent.flight_started()
    r.agent.round_ended(5.0, None)
    assert strategy.histories == [] and r.audit.events == [] and r.executor.placed == []
    r.agent.betting_started(watched=True)
    assert strategy.histories == [(5.0,)] and r.executor.placed == [Decision(10.0, 2.0)]


def test_a_bet_is_decided_granted_placed_and_settled_by_the_recorded_crash() -> None:
    r = rig()
    r.agent.betting_started(watched=True)
    assert r.ledger.books[ALL].open_stakes == 10.0  # granted: at risk until settled
    r.agent.flight_started()
    r.agent.round_ended(2.5, "2026-01-01T00:00:05.000Z")
    assert r.audit.steps() == ["decided", "granted", "placed", "settled"]
    assert r.audit.detail("decided") == "stake 10.00 at 2.00x, panel 1"
    assert r.audit.detail("placed") == "paper: stake 10.00 at 2.00x, panel 1"
    assert r.audit.detail("settled") == "won +10.00"
    bet_id = r.audit.events[0].bet_id
    assert {event.bet_id for event in r.audit.events} == {bet_id}
    assert r.audit.bets == [
        Bet(
            "admiral", 1, 10.0, T0, "2026-01-01T00:00:05.000Z", 2.0, "settled", "won", 10.0, "paper", 2.5,
            "flat", bet_id, False, T0,
        )
    ]  # fmt: skip
    assert r.ledger.books[ALL].profit == 10.0 and r.ledger.books[ALL].open_stakes == 0.0


@pytest.mark.parametrize(
    ("crash", "result", "profit"),
    [
        (2.0, "won", 10.0),  # the crash reached the cash-out exactly: 10 x (2.00 - 1) = 10
        (1.99, "lost", -10.0),
        (1.0, "lost", -10.0),
        (1000.0, "won", 10.0),  # the auto cash-out takes 2.00x whatever the crash
    ],
)
def test_a_bet_wins_when_the_crash_reaches_its_cash_out(crash: float, result: str, profit: float) -> None:
    r = rig()
    one_round(r, crash)
    assert [(bet.result, bet.profit, bet.crash) for bet in r.audit.bets] == [(result, profit, crash)]
    assert r.ledger.books[ALL].profit == profit


def test_it_holds_one_bet_at_a_time() -> None:
    strategy = Counting()
    r = rig(strategy)
    r.agent.betting_started(watched=True)
    r.agent.betting_started(watched=True)  # the phase seen twice: still one bet
    r.agent.flight_started()
    r.agent.round_ended(3.0, None)
    assert len(strategy.histories) == 1 and len(r.executor.placed) == 1
    assert [bet.result for bet in r.audit.bets] == ["won"]
    assert r.ledger.books[ALL].open_stakes == 0.0


def test_a_grant_that_arrives_after_the_flight_started_is_not_placed() -> None:
    r = rig(late=True)
    r.agent.betting_started(watched=True)
    assert r.audit.steps() == ["decided"]  # waiting for the main process
    r.agent.flight_started()
    r.granter.deliver()  # the grant comes too late
    r.agent.round_ended(5.0, None)
    assert r.executor.placed == []
    assert r.audit.steps() == ["decided", "cancelled"]
    assert r.audit.detail("cancelled") == "no grant before the flight started"
    assert [(bet.state, bet.result, bet.profit) for bet in r.audit.bets] == [("cancelled", "cancelled", 0.0)]
    book = r.ledger.books[ALL]
    assert (book.open_stakes, book.profit, book.bets) == (0.0, 0.0, 0)  # granted, then given back


def test_a_grant_for_a_window_gone_by_is_not_placed() -> None:
    r = rig(late=True)
    r.agent.betting_started(watched=True)
    r.agent.betting_started(watched=True)  # a new window (the flight went unseen) before the answer
    r.granter.deliver()
    assert r.executor.placed == []
    assert r.audit.steps() == ["decided", "granted", "cancelled"]
    assert r.audit.detail("cancelled") == "the betting window closed before the bet could be placed"
    assert r.ledger.books[ALL].open_stakes == 0.0


def test_a_grant_in_time_is_placed() -> None:
    r = rig(late=True)
    r.agent.betting_started(watched=True)
    r.granter.deliver()
    assert r.executor.placed == [Decision(10.0, 2.0)]


def test_a_bet_the_ledger_refuses_is_not_placed_and_says_why() -> None:
    strategy = Counting()
    r = rig(strategy, Limits(max_stake=5.0))
    one_round(r, 3.0)
    r.agent.betting_started(watched=True)
    assert r.executor.placed == [] and r.audit.bets == []
    assert r.audit.steps() == ["decided", "refused", "decided", "refused"]
    assert r.audit.detail("refused") == "stake 10.00 is above max_stake 5.00"
    assert len(strategy.histories) == 2  # asked again in the next window


def test_a_bet_the_executor_cannot_place_is_refused_and_given_back() -> None:
    r = rig(executor=RecordingExecutor(refuse="the stake read back 100.00, not 10.00"))
    one_round(r, 3.0)
    assert r.audit.steps() == ["decided", "granted", "typed", "refused"]
    assert r.audit.detail("refused") == "the stake read back 100.00, not 10.00"
    assert [(bet.state, bet.profit) for bet in r.audit.bets] == [("refused", 0.0)]
    assert r.ledger.books[ALL].open_stakes == 0.0 and r.ledger.books[ALL].bets == 0


def test_stop_cancels_a_bet_waiting_for_its_grant_and_no_later_bet_is_made() -> None:
    strategy = Counting()
    r = rig(strategy, late=True)
    r.agent.betting_started(watched=True)
    r.agent.stop("the user pressed stop")
    r.granter.deliver()
    one_round(r, 3.0)
    assert r.executor.placed == [] and len(strategy.histories) == 1
    assert r.audit.steps() == ["decided", "cancelled"]
    assert r.audit.detail("cancelled") == "betting stopped: the user pressed stop"
    assert r.ledger.books[ALL].open_stakes == 0.0


def test_stop_cancels_a_placed_bet_before_its_flight() -> None:
    r = rig()
    r.agent.betting_started(watched=True)
    r.agent.stop("kill switch")
    r.agent.flight_started()
    r.agent.round_ended(1.2, None)  # would have lost: it no longer plays
    assert r.executor.cancelled == [Decision(10.0, 2.0)]
    assert [(bet.state, bet.profit) for bet in r.audit.bets] == [("cancelled", 0.0)]
    assert r.ledger.books[ALL].profit == 0.0 and r.ledger.books[ALL].open_stakes == 0.0


def test_stop_during_the_flight_leaves_the_bet_to_its_crash() -> None:
    r = rig()
    r.agent.betting_started(watched=True)
    r.agent.flight_started()
    r.agent.stop("kill switch")
    r.agent.round_ended(1.5, None)
    one_round(r, 3.0)
    assert r.executor.cancelled == [] and len(r.executor.placed) == 1
    assert [(bet.result, bet.profit) for bet in r.audit.bets] == [("lost", -10.0)]


def test_a_cancel_that_fails_leaves_the_bet_to_its_crash() -> None:
    r = rig(executor=RecordingExecutor(cancel_fails="the button stayed red"))
    r.agent.betting_started(watched=True)
    r.agent.stop("kill switch")
    r.agent.flight_started()
    r.agent.round_ended(2.5, None)
    assert "cancel_failed" in r.audit.steps() and r.audit.detail("cancel_failed") == "the button stayed red"
    assert [(bet.result, bet.profit) for bet in r.audit.bets] == [("won", 10.0)]


def martingale() -> Martingale:
    return Martingale(MartingaleParams())


def test_a_missed_crash_counts_the_bet_as_lost_and_restarts_the_strategy() -> None:
    r = rig(martingale())
    one_round(r, 1.5)  # step 0: 10 lost -> step 1
    r.agent.betting_started(watched=True)
    r.agent.flight_started()
    r.agent.crash_missed()  # step 1: 20 played, its crash unseen
    one_round(r, 3.0)
    assert [(bet.stake, bet.result, bet.profit, bet.crash) for bet in r.audit.bets] == [
        (10.0, "lost", -10.0, 1.5),
        (20.0, "unknown", -20.0, None),
        (10.0, "won", 12.0, 3.0),  # back to step 0, not step 2: 10 x (2.20 - 1) = 12
    ]
    assert r.audit.bets[1].state == "settled"
    assert r.ledger.books[ALL].profit == -18.0  # -10 - 20 + 12


def test_a_missed_crash_before_a_bet_was_placed_cancels_it() -> None:
    r = rig(late=True)
    r.agent.betting_started(watched=True)
    r.agent.crash_missed()
    assert [(bet.state, bet.profit) for bet in r.audit.bets] == [("cancelled", 0.0)]
    assert r.audit.detail("cancelled") == "its round ended unseen"


def test_a_round_that_ends_before_its_bet_was_placed_cancels_it() -> None:
    r = rig(late=True)
    r.agent.betting_started(watched=True)
    r.agent.round_ended(3.0, None)  # its flight went unseen, its crash was recorded
    r.granter.deliver()
    assert r.executor.placed == []
    assert r.audit.detail("cancelled") == "its round ended before it was placed"


def test_a_new_window_after_a_flight_whose_crash_went_unseen_never_settles_by_the_next_crash() -> None:
    r = rig(martingale())
    r.agent.betting_started(watched=True)
    r.agent.flight_started()  # 10 flies; its crash is never reported
    one_round(r, 1.5)  # the next round: the old bet is over, unseen; a new one is made and lost
    assert [(bet.stake, bet.result, bet.profit, bet.crash) for bet in r.audit.bets] == [
        (10.0, "unknown", -10.0, None),
        (10.0, "lost", -10.0, 1.5),  # the strategy started over: step 0 again
    ]
    assert r.ledger.books[ALL].profit == -20.0 and r.ledger.books[ALL].losses_in_a_row == 2


def test_a_pause_that_hid_a_bets_flight_counts_it_unseen_at_the_next_window() -> None:
    r = rig(martingale())
    r.agent.betting_started(watched=True)  # 10 placed
    r.agent.paused()  # the worker stops looking: no flight, no crash seen
    one_round(r, 3.0)  # resumed at the next window: the old bet is over, unseen; the new one wins
    assert [(bet.stake, bet.result, bet.crash) for bet in r.audit.bets] == [
        (10.0, "unknown", None),
        (10.0, "won", 3.0),
    ]


def test_a_pause_within_the_window_still_settles_the_bet_by_its_crash() -> None:
    r = rig(martingale())
    r.agent.betting_started(watched=True)
    r.agent.paused()  # resumed before the flight: its crash is seen
    r.agent.flight_started()
    r.agent.round_ended(1.2, None)
    assert [(bet.stake, bet.result, bet.crash) for bet in r.audit.bets] == [(10.0, "lost", 1.2)]


def test_the_strategy_sees_the_recorded_crashes_newest_last_at_most_100() -> None:
    strategy = Counting(answer=None)
    r = rig(strategy, history=[float(n) for n in range(1, 151)])
    one_round(r, 1000.0)
    one_round(r, 2000.0)
    first, second = strategy.histories
    assert first == tuple(float(n) for n in range(51, 151))  # the last 100 of 1..150
    assert second == (*range(52, 151), 1000.0) and len(second) == HISTORY
    assert r.audit.events == []  # choosing not to bet is no event


def test_a_strategy_that_raises_means_no_bet_with_the_reason() -> None:
    r = rig(Counting(answer=ValueError("bad history")))
    one_round(r, 2.0)
    assert r.audit.steps() == ["no_bet"]
    assert r.audit.detail("no_bet") == "the strategy raised ValueError: bad history"
    assert r.executor.placed == [] and r.ledger.open == {}


def test_a_strategy_error_while_settling_is_written_and_the_bet_still_settles() -> None:
    class BadAfter(Counting):
        def after(self, state: Any, won: bool) -> Any:
            raise RuntimeError("no state")

    r = rig(BadAfter())
    one_round(r, 3.0)
    assert r.audit.steps() == ["decided", "granted", "placed", "strategy_error", "settled"]
    assert r.audit.detail("strategy_error") == "the strategy raised RuntimeError: no state"
    assert [bet.result for bet in r.audit.bets] == ["won"]


# Martingale by hand on a fixed sequence: stakes 10 20 40 70 120 200 at 2.20 2.20 2.20 2.50 3.00 3.00.
# crash  step stake cash-out  result  profit    total
#  2.50   0    10    2.20     won     +12.00    12.00   10 x 1.20
#  1.50   0    10    2.20     lost    -10.00     2.00
#  2.20   1    20    2.20     won     +24.00    26.00   20 x 1.20 (the crash reaches 2.20 exactly)
#  1.00   0    10    2.20     lost    -10.00    16.00
#  2.19   1    20    2.20     lost    -20.00    -4.00
#  1.20   2    40    2.20     lost    -40.00   -44.00
#  2.49   3    70    2.50     lost    -70.00  -114.00
#  2.00   4   120    3.00     lost   -120.00  -234.00
#  2.99   5   200    3.00     lost   -200.00  -434.00   the top step lost: one lost cycle, back to 0
#  3.00   0    10    2.20     won     +12.00  -422.00
#  1.50   0    10    2.20     lost    -10.00  -432.00
#  5.00   1    20    2.20     won     +24.00  -408.00
SEQUENCE = (2.50, 1.50, 2.20, 1.00, 2.19, 1.20, 2.49, 2.00, 2.99, 3.00, 1.50, 5.00)


def test_the_martingale_ladder_on_a_fixed_sequence() -> None:
    result = backtest(martingale(), SEQUENCE)
    assert result == BacktestResult(
        rounds=12,
        bets=12,
        wins=4,
        staked=540.0,  # 10 + 10 + 20 + 10 + 20 + 40 + 70 + 120 + 200 + 10 + 10 + 20
        profit=-408.0,
        max_drawdown=460.0,  # from the peak 26 down to -434
        cycles_lost=1,
        longest_losing_streak=6,  # 1.00 to 2.99
        final_balance=592.0,  # the default paper bankroll 1000 - 408
        refusals={},
    )


def test_the_martingale_ladder_bet_by_bet() -> None:
    r = rig(martingale())
    for crash in SEQUENCE:
        one_round(r, crash)
    assert [bet.stake for bet in r.audit.bets] == [10, 10, 20, 10, 20, 40, 70, 120, 200, 10, 10, 20]
    assert [bet.auto_cashout for bet in r.audit.bets][3:9] == [2.2, 2.2, 2.2, 2.5, 3.0, 3.0]
    assert [bet.cycle_lost for bet in r.audit.bets] == [False] * 8 + [True] + [False] * 3
    assert r.ledger.books[ALL].profit == -408.0


def test_a_stop_loss_in_a_backtest_refuses_the_step_it_cannot_cover() -> None:
    # 10, 20, 40 lost = 70; the next step, 70, could lose 140 > 100: refused in each later round
    config = BettingConfig(limits=Limits(session_stop_loss=100.0), bankroll=None)
    result = backtest(martingale(), [1.0, 1.0, 1.0, 5.0, 5.0])
    assert (result.bets, result.profit) == (5, 47.0)  # unlimited: -10 - 20 - 40 + 70 x 1.50 + 10 x 1.20
    result = backtest(martingale(), [1.0, 1.0, 1.0, 5.0, 5.0], config)
    assert (result.bets, result.profit, result.final_balance) == (3, -70.0, None)
    assert result.refusals == {"losing it could lose 140.00, past session_stop_loss 100.00": 2}
