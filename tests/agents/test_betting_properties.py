"""Whatever the strategies answer and however the rounds go, the limits hold.

Two bookmakers' agents share one ledger. Their user strategy replays hypothesis-drawn garbage
(absurd stakes, NaN, infinities, cash-outs below 1.01, wrong panels, objects that are no Decision,
exceptions); the rounds crash anywhere or go unseen; grants come at once, later in the window or
after the flight started; the betting phase is seen to begin twice; the clock jumps; locks are
cleared; the kill switch is pressed. Executors that check every place() against limits the test
keeps itself, and audits that check every ended bet against the game's rule, show: no bet is placed
above max_stake, after stop() or during a lock; the worst case never loses more than the session
stop-loss; the ledger's profit is always the sum of the settled bets' profits.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from hypothesis import event, example, given, settings
from hypothesis import strategies as st

from aviator.agents.betting_agent import BettingAgent
from aviator.agents.executors import PaperExecutor, Placed, Settled
from aviator.agents.granters import LocalGranter
from aviator.agents.ledger import ALL, Ledger
from aviator.agents.protections import Book
from aviator.agents.strategy_executor import StrategyExecutor
from aviator.config.betting import BettingConfig, Limits
from aviator.core.communication.clock import ManualClock
from aviator.core.communication.messages import BetGrant, BetRequest
from aviator.data.models import Bet, BetEvent
from aviator.strategies.base import Decision, Params, Strategy

BOOKMAKERS = ("admiral", "mozzart")
HOUR = 3600.0


@dataclass(frozen=True)
class Raise:
    """A strategy output that is an exception to raise."""

    error: BaseException


@dataclass(frozen=True)
class Seat:
    """One bookmaker's part of a round."""

    output: object  # what its strategy answers if it is asked in this round
    crash: float | None  # None: the crash goes unseen
    grant: str  # when the grant reaches the agent: "now", later in the "window", after the "flight" started
    watched: bool
    lost_cycle: bool  # a loss in this round ends the strategy's lost cycle
    after_fails: bool  # the strategy's `after` raises


@dataclass(frozen=True)
class Round:
    seats: tuple[Seat, Seat]
    flicker: bool  # the betting phase is seen to begin twice (the screen was unreadable in between)
    unlock: bool  # `unlock()` before the round
    seconds: float  # the round's length on the clock


@dataclass(frozen=True)
class Stop:
    round: int
    at: str  # "before" the window, in the "window", or in the "flight"
    who: str  # the "agents"' stop, the "ledger"'s, or "both" (what the BettingDesk's kill switch does)


def cents(amount: float) -> int:
    return round(amount * 100)


def money(low: float, high: float) -> st.SearchStrategy[float]:
    return st.floats(low, high).map(lambda x: round(x, 2))


def maybe(values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | values


def rarely(value: Any, other: Any) -> st.SearchStrategy[Any]:
    return st.sampled_from([value] * 9 + [other])


ANY_FLOAT = st.floats(allow_nan=True, allow_infinity=True)
STAKES = st.one_of(
    money(0.01, 400.0),
    st.integers(1, 400),
    ANY_FLOAT,
    st.integers(-(10**400), 10**400),
    st.sampled_from([0, -0.0, 1e-9, 0.004, 0.005, 1e308, -10.0, 10**400, True]),
)
CASHOUTS = st.one_of(
    money(1.01, 10.0),
    ANY_FLOAT,
    st.sampled_from([1.0, 1.004, 1.005, 1.0099, 1.01, 0.0, -2.0, math.inf, math.nan, 10**400]),
)
PANELS = st.one_of(st.sampled_from([0, 1]), st.sampled_from([-1, 2, True, 0.5, 1.0, None, "1"]))
SANE = st.builds(Decision, money(0.01, 50.0) | money(0.01, 400.0), money(1.01, 10.0), st.sampled_from([0, 1]))
OUTPUTS = st.one_of(  # most of them a bet that may be placed, if the limits let it
    *[SANE] * 5,
    st.builds(Decision, STAKES, CASHOUTS, PANELS),
    st.none(),
    st.sampled_from([(10.0, 2.0), "bet 10", 42, {"stake": 10.0}, [Decision(10.0, 2.0)], Decision]),
    st.sampled_from([ValueError("bad"), ZeroDivisionError(), KeyError("step"), SystemExit(1)]).map(Raise),
)
CRASHES = st.one_of(money(1.0, 20.0), st.sampled_from([1.0, 1.01, 2.0, 2.2, 3.0, 1000.0]), st.none())
SEATS = st.builds(
    Seat,
    output=OUTPUTS,
    crash=CRASHES,
    grant=st.sampled_from(["now", "now", "now", "window", "flight"]),
    watched=rarely(True, False),
    lost_cycle=st.booleans(),
    after_fails=rarely(False, True),
)
ROUNDS = st.builds(
    Round,
    seats=st.tuples(SEATS, SEATS),
    flicker=rarely(False, True),
    unlock=rarely(False, True),
    seconds=st.sampled_from([12.6, 20.0, 60.0, 600.0, 1800.0, 4000.0]),
)
LIMITS = st.builds(
    Limits,
    max_stake=money(1.0, 300.0),
    session_stop_loss=money(10.0, 150.0),
    daily_loss_limit=maybe(money(10.0, 1000.0)),
    take_profit=maybe(money(5.0, 500.0)),
    max_consecutive_losses=maybe(st.integers(1, 6)),
    cooldown_after_lost_cycle=maybe(st.sampled_from([0.0, 30.0, 600.0, 5000.0])),
    max_bets_per_hour=maybe(st.integers(1, 20)),
)
PER_BOOKMAKER = st.builds(
    Limits,
    max_stake=maybe(money(1.0, 300.0)),
    session_stop_loss=maybe(money(10.0, 300.0)),
    max_bets_per_hour=maybe(st.integers(1, 10)),
)
STOPS = maybe(
    st.builds(
        Stop,
        round=st.integers(0, 30),
        at=st.sampled_from(["before", "window", "flight"]),
        who=st.sampled_from(["agents", "ledger", "both"]),
    )
)


class Replay(Strategy):
    """A user's strategy answering whatever its seat of the round says."""

    name = "replay"

    def __init__(self) -> None:
        super().__init__(Params())
        self.seat: Seat | None = None

    def decide(self, history: Sequence[float], state: Any) -> Any:
        output = self.seat.output if self.seat else None
        if isinstance(output, Raise):
            raise output.error
        return output

    def after(self, state: Any, won: bool) -> Any:
        if self.seat is not None and self.seat.after_fails:
            raise RuntimeError("lost its state")
        return state

    def ends_lost_cycle(self, state: Any, won: bool) -> bool:
        return not won and self.seat is not None and self.seat.lost_cycle


@dataclass
class Truth:
    """What the test itself knows: the limits, and the money, the times and the stops as it saw them."""

    limits: Limits
    per_bookmaker: Limits
    bankroll: float | None
    clock: ManualClock
    ledger: Ledger
    phase: str = "closed"  # "betting" while the window is open
    agents_stopped: bool = False
    ledger_stopped: bool = False
    asked_after_stop: dict[str, bool] = field(default_factory=dict)  # the bet now waiting, by bookmaker
    seats: dict[str, Seat] = field(default_factory=dict)
    profit: dict[str, int] = field(default_factory=lambda: dict.fromkeys((ALL, *BOOKMAKERS), 0))  # cents
    open: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BOOKMAKERS, 0))  # cents placed
    placed_at: dict[str, list[float]] = field(default_factory=lambda: {s: [] for s in (ALL, *BOOKMAKERS)})
    cancelled: int = 0
    played: int = 0
    streak: int = 0  # since the last unlock, as the next three
    lost_cycles_at: list[float] = field(default_factory=list)
    took_profit: bool = False

    def unlocked(self) -> None:
        self.streak, self.lost_cycles_at, self.took_profit = 0, [], False

    def check_place(self, bookmaker: str, decision: Decision) -> None:
        now, stake = self.clock.now(), decision.stake
        assert self.phase == "betting", "placed outside an open betting window"
        assert not self.agents_stopped, "placed after the agents' stop()"
        assert not self.asked_after_stop[bookmaker], "placed though asked after the ledger's stop()"
        assert type(stake) is float and math.isfinite(stake) and stake > 0, decision
        assert type(decision.auto_cashout) is float and decision.auto_cashout >= 1.01, decision
        assert type(decision.panel) is int and decision.panel in (0, 1), decision
        self._within(self.limits, ALL, stake, sum(self.open.values()))
        self._within(self.per_bookmaker, bookmaker, stake, self.open[bookmaker])
        locks = [lock for lock in self.ledger.locks if lock.active(now) and lock.scope in (ALL, bookmaker)]
        assert locks == [], f"placed during {locks}"
        if self.limits.cooldown_after_lost_cycle is not None:
            pause = self.limits.cooldown_after_lost_cycle
            assert all(now >= at + pause for at in self.lost_cycles_at), "placed in a cooldown"
        if self.limits.max_consecutive_losses is not None:
            assert self.streak < self.limits.max_consecutive_losses, "placed after too many losses"
        assert not self.took_profit, "placed after take_profit was reached"
        self.open[bookmaker] = cents(stake)
        for scope in (ALL, bookmaker):
            self.placed_at[scope].append(now)

    def _within(self, limits: Limits, scope: str, stake: float, open_stakes: int) -> None:
        """The limits of one scope: `open_stakes` are the cents placed there and not yet ended."""
        worst = -self.profit[scope] + open_stakes + cents(stake)  # if everything open and this one lost
        if limits.max_stake is not None:
            assert cents(stake) <= cents(limits.max_stake), f"{stake} above max_stake in {scope}"
        if limits.session_stop_loss is not None:
            assert worst <= cents(limits.session_stop_loss), f"{scope} could lose {worst} cents"
        if self.bankroll is not None and scope == ALL:
            assert worst <= cents(self.bankroll), f"could lose {worst} cents of the bankroll"
        if limits.max_bets_per_hour is not None:
            within = [t for t in self.placed_at[scope] if t > self.clock.now() - HOUR]
            assert len(within) + 1 <= limits.max_bets_per_hour, f"too many bets in an hour in {scope}"

    def check_bet(self, bet: Bet) -> None:
        """A bet as it ended: its profit by the game's rule, computed here from the crash fed in."""
        self.open[bet.bookmaker] = 0
        if bet.result in ("cancelled", "refused"):
            assert bet.profit == 0.0
            return
        seat = self.seats[bet.bookmaker]
        stake, auto = Decimal(str(bet.stake)), Decimal(str(bet.auto_cashout))
        if seat.crash is None:
            assert (bet.result, bet.profit, bet.crash) == ("unknown", -bet.stake, None), bet
        elif Decimal(str(seat.crash)) >= auto:
            exact = stake * (auto - 1)  # paid at the auto cash-out, to the nearest cent
            assert bet.result == "won" and abs(Decimal(str(bet.profit)) - exact) <= Decimal("0.005"), bet
        else:
            assert (bet.result, bet.profit, bet.crash) == ("lost", -bet.stake, seat.crash), bet
        assert bet.cycle_lost == (bet.result == "lost" and seat.lost_cycle)
        self.played += 1
        for scope in (ALL, bet.bookmaker):
            self.profit[scope] += cents(bet.profit)
        self.streak = 0 if bet.result == "won" else self.streak + 1
        if bet.cycle_lost:
            self.lost_cycles_at.append(self.clock.now())
        take = self.limits.take_profit
        self.took_profit = self.took_profit or (take is not None and self.profit[ALL] >= cents(take))


class Watched(PaperExecutor):
    """Paper bets of one bookmaker, every place() checked first."""

    def __init__(self, truth: Truth, bookmaker: str) -> None:
        self.truth, self.bookmaker = truth, bookmaker

    def place(self, decision: Decision) -> Placed:
        self.truth.check_place(self.bookmaker, decision)
        return super().place(decision)

    def settle(self, decision: Decision, crash: float) -> Settled:
        assert crash == self.truth.seats[self.bookmaker].crash
        return super().settle(decision, crash)

    def cancel(self, decision: Decision) -> Placed:
        self.truth.cancelled += 1
        return super().cancel(decision)


@dataclass
class CheckedAudit:
    truth: Truth
    bookmaker: str
    bets: list[Bet]

    def event(self, event: BetEvent) -> None:
        assert event.bookmaker == self.bookmaker

    def bet(self, bet: Bet) -> None:
        assert bet.bookmaker == self.bookmaker
        self.truth.check_bet(bet)
        self.bets.append(bet)


class Granter(LocalGranter):
    """The shared ledger sees each request at once; the answer reaches the agent when its seat says."""

    def __init__(self, ledger: Ledger, truth: Truth, bookmaker: str) -> None:
        super().__init__(ledger)
        self.truth, self.bookmaker = truth, bookmaker
        self.waiting: list[tuple[BetGrant, Callable[[BetGrant], None]]] = []

    def ask(self, request: BetRequest, reply: Callable[[BetGrant], None]) -> None:
        self.truth.asked_after_stop[self.bookmaker] = self.truth.ledger_stopped
        grant = self.ledger.grant(request)
        if self.truth.seats[self.bookmaker].grant == "now":
            reply(grant)
        else:
            self.waiting.append((grant, reply))

    def deliver(self, moment: str) -> None:
        if self.truth.seats[self.bookmaker].grant == moment:
            waiting, self.waiting = self.waiting, []
            for grant, reply in waiting:
                reply(grant)


@dataclass
class Desk:
    """Both bookmakers' agents, their granters, one ledger and what the test knows."""

    truth: Truth
    agents: dict[str, BettingAgent]
    strategies: dict[str, Replay]
    granters: dict[str, Granter]
    bets: list[Bet]

    def press_stop(self, stop: Stop | None, i: int, at: str) -> None:
        if stop is None or stop.round != i or stop.at != at:
            return
        if stop.who in ("agents", "both"):
            self.truth.agents_stopped = True
            for agent in self.agents.values():
                agent.stop("the kill switch")
        if stop.who in ("ledger", "both"):
            self.truth.ledger_stopped = True
            self.truth.ledger.stop("the kill switch")


def desk_of(limits: Limits, per_bookmaker: Limits, bankroll: float | None) -> Desk:
    clock = ManualClock()
    ledger = Ledger(BettingConfig(limits=limits, per_bookmaker=per_bookmaker, bankroll=bankroll), clock)
    truth, bets = Truth(limits, per_bookmaker, bankroll, clock, ledger), []
    strategies = {name: Replay() for name in BOOKMAKERS}
    granters = {name: Granter(ledger, truth, name) for name in BOOKMAKERS}
    agents = {
        name: BettingAgent(
            name,
            StrategyExecutor(strategies[name]),
            Watched(truth, name),
            granters[name],
            CheckedAudit(truth, name, bets),
            clock,
        )
        for name in BOOKMAKERS
    }
    return Desk(truth, agents, strategies, granters, bets)


def play_round(desk: Desk, rnd: Round, i: int, stop: Stop | None) -> None:
    truth, agents = desk.truth, desk.agents
    truth.seats = dict(zip(BOOKMAKERS, rnd.seats, strict=True))
    for name in BOOKMAKERS:
        desk.strategies[name].seat = truth.seats[name]
    if rnd.unlock:
        truth.ledger.unlock()
        truth.unlocked()
    desk.press_stop(stop, i, "before")
    truth.phase = "betting"
    for name, agent in agents.items():
        agent.betting_started(truth.seats[name].watched)
    if rnd.flicker:
        for agent in agents.values():
            agent.betting_started(True)
    desk.press_stop(stop, i, "window")
    for granter in desk.granters.values():
        granter.deliver("window")
    truth.phase = "flight"
    for agent in agents.values():
        agent.flight_started()
    for granter in desk.granters.values():
        granter.deliver("flight")  # too late: its window has closed
    desk.press_stop(stop, i, "flight")
    truth.clock.advance(rnd.seconds)
    truth.phase = "closed"
    for name, agent in agents.items():
        crash = truth.seats[name].crash
        if crash is None:
            agent.crash_missed()
        else:
            agent.round_ended(crash, None)


def check_books(desk: Desk) -> None:
    """After a round: nothing left at risk, and the money agrees everywhere."""
    truth, ledger = desk.truth, desk.truth.ledger
    assert all(agent.pending is None for agent in desk.agents.values())
    assert ledger.open == {} and all(book.open_stakes == 0.0 for book in ledger.books.values())
    for scope in (ALL, *BOOKMAKERS):
        book = ledger.books.get(scope, Book(scope))  # a bookmaker's book is there once it asked
        assert cents(book.profit) == truth.profit[scope], scope
    assert cents(sum(bet.profit for bet in desk.bets)) == truth.profit[ALL]
    assert -truth.profit[ALL] <= cents(truth.limits.session_stop_loss)
    if truth.per_bookmaker.session_stop_loss is not None:
        assert all(-truth.profit[name] <= cents(truth.per_bookmaker.session_stop_loss) for name in BOOKMAKERS)
    if truth.bankroll is not None:
        assert ledger.balance is not None and ledger.balance >= 0


# Two bets open at once, the second one's worst case past the stop-loss only with the first's stake.
TWO_OPEN = Seat(Decision(60.0, 2.0), 1.5, "now", True, False, False)


@settings(max_examples=200, deadline=None)
@example(
    limits=Limits(max_stake=100.0, session_stop_loss=100.0),
    per_bookmaker=Limits(),
    bankroll=None,
    rounds=[Round((TWO_OPEN, TWO_OPEN), False, False, 12.6)] * 3,
    stop=None,
)
@given(
    limits=LIMITS,
    per_bookmaker=PER_BOOKMAKER,
    bankroll=maybe(money(50.0, 2000.0)),
    rounds=st.lists(ROUNDS, min_size=10, max_size=30),
    stop=STOPS,
)
def test_no_strategy_output_gets_past_the_limits(
    limits: Limits, per_bookmaker: Limits, bankroll: float | None, rounds: list[Round], stop: Stop | None
) -> None:
    desk = desk_of(limits, per_bookmaker, bankroll)
    for i, rnd in enumerate(rounds):
        play_round(desk, rnd, i, stop)
        check_books(desk)
    truth = desk.truth
    placed = len(truth.placed_at[ALL])
    assert placed == truth.played + truth.cancelled  # each placed bet ended exactly once
    assert desk.truth.ledger.books[ALL].bets == truth.played
    event(f"bets placed: {min(placed, 10)}{'+' if placed >= 10 else ''}")
