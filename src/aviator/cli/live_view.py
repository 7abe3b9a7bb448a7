"""The demo's live table (rich) and its plain-text summary."""

from __future__ import annotations

from rich.table import Table

from aviator.analysis.truth_compare import Comparison
from aviator.core.communication.shared_state import BookmakerSnapshot


def live_table(rows: list[BookmakerSnapshot], title: str, balance: float | None = None) -> Table:
    """One row per bookmaker; with bets, their count and profit, and `balance` (the ledger's) in the title."""
    betting = any(row.profit is not None for row in rows)
    table = Table(title=title if balance is None else f"{title}: balance {balance:,.2f}")
    columns = (
        "bookmaker",
        "worker",
        "phase",
        "multiplier",
        "rounds",
        "last crash",
        ">= 2x",
        "rejected",
        "MB",
        *(("bets", "P/L") if betting else ()),
    )
    for column in columns:
        table.add_column(column, justify="left" if column in ("bookmaker", "worker", "phase") else "right")
    for row in rows:
        table.add_row(
            row.bookmaker,
            row.state + (f" ({row.restarts} restarts)" if row.restarts else ""),
            "unreadable" if row.unreadable else row.phase.value,
            _x(row.multiplier),
            str(row.rounds),
            _x(row.last_crash),
            "-" if row.share_2x is None else f"{row.share_2x:.0%}",
            str(row.rejected),
            "-" if row.rss_mb is None else f"{row.rss_mb:.0f}",
            *((str(row.bets), "-" if row.profit is None else f"{row.profit:+,.2f}") if betting else ()),
        )
    table.caption = "Rounds are independent: P(>= x) ~= 0.97 / x. Nothing here predicts the next one."
    if betting:
        table.caption += " No strategy changes the expected loss of about 3 % of every stake."
    return table


def _x(value: float | None) -> str:
    return "-" if value is None else f"{value:,.2f}x"


def summary_lines(rows: list[BookmakerSnapshot], comparison: Comparison) -> list[str]:
    lines = [f"{'bookmaker':<12}{'recorded':>9}{'truth':>7}{'exact':>7}{'extra':>7}"]
    by_name = {b.bookmaker: b for b in comparison.bookmakers}
    for row in rows:
        c = by_name.get(row.bookmaker)
        truth, exact, extra = (c.truth, c.exact, c.extra) if c else (0, 0, 0)
        lines.append(f"{row.bookmaker:<12}{row.rounds:>9}{truth:>7}{exact:>7}{extra:>7}")
    lines.append(
        f"captured {comparison.percent('captured'):.1f} %, exact {comparison.percent('exact'):.1f} %, "
        f"extra rounds {comparison.total('extra')} (of {comparison.total('truth')} rounds in the truth log)"
    )
    return lines
