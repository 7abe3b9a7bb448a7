"""report.html: one self-contained page (plots embedded as base64 PNG, no file or network beside it),
a section per subject, each saying in plain sentences what the numbers show, failed tests included.
"""

from __future__ import annotations

import base64
import html
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from aviator.analysis.report.compute import Report
from aviator.analysis.report.plots import save_plots
from aviator.analysis.timing import CYCLE_SLACK, CycleFit
from aviator.analysis.verdicts import ALPHA

STYLE = (
    "body{font-family:sans-serif;max-width:980px;margin:2em auto;color:#222;line-height:1.45}"
    "table{border-collapse:collapse;margin:.6em 0}"
    "td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}"
    "img{max-width:100%}.fail{color:#b03a2e;font-weight:bold}.note{background:#f4f6f7;padding:.6em}"
)
HONEST = (
    "Rounds are independent draws: P(M >= x) is about 0.97 / x whatever came before, so every bet "
    "returns about 97 % of its stake on average (a house edge of about 3 %). These figures describe past "
    "rounds; none of them predicts the next one, and no strategy changes the expected loss."
)


def write_report(report: Report, out: Path) -> Path:
    """out/report.html and every plot as out/<name>.png; the page's path."""
    out.mkdir(parents=True, exist_ok=True)
    pictures = save_plots(report, out)
    parts = [
        f"<h1>What {report.rounds:,} rounds say</h1>",
        _p(_opening(report)),
        f'<p class="note">{html.escape(HONEST)}</p>',
        _section("Statistical tests", _p(_verdict(report)) + _table(_tests(report))),
        _section("Crash law", _law_text(report) + _img(pictures, "crash_law") + _table(report.headline)),
        _section("House edge", _edge_text(report) + _img(pictures, "return_to_player")),
        _section("Randomness", _randomness_text(report) + _img(pictures, "autocorrelation"))
        + _img(pictures, "gamblers_fallacy")
        + _table(
            report.gamblers[["k", "cases", "hits", "rate", "lower", "upper", "unconditional", "p_holm"]]
        ),
        _section("Timing", _timing_text(report) + _img(pictures, "cycle_time") + _img(pictures, "growth"))
        + _table(report.rates),
        _section("Bookmakers and server groups", _bookmaker_text(report) + _img(pictures, "bookmakers"))
        + _table(report.bookmakers)
        + _table(report.pairs),
        _section(
            "Strategies", _strategy_text(report) + _img(pictures, "strategies") + _table(_strategies(report))
        ),
        _section("Data quality", _quality_text(report) + _table(_quality(report))),
    ]
    page = out / "report.html"
    body = "\n".join(parts)
    page.write_text(
        f"<!doctype html><html><head><meta charset='utf-8'><title>Aviator report</title>"
        f"<style>{STYLE}</style></head><body>{body}</body></html>\n",
        encoding="utf-8",
    )
    return page


def _p(text: str) -> str:
    return f"<p>{html.escape(text)}</p>"


def _section(title: str, content: str) -> str:
    return f"<h2>{html.escape(title)}</h2>\n{content}"


def _img(pictures: dict[str, Path], name: str) -> str:
    if name not in pictures:
        return ""
    data = base64.b64encode(pictures[name].read_bytes()).decode("ascii")
    return f'<p><img alt="{name}" src="data:image/png;base64,{data}"></p>'


def _table(frame: pd.DataFrame) -> str:
    if frame.empty:
        return "<p>(none)</p>"
    return frame.to_html(index=False, float_format=lambda v: f"{v:.4g}", border=0, na_rep="-")


def _opening(report: Report) -> str:
    shown = f"{report.rounds:,} rounds"
    if report.all_rounds != report.rounds:
        shown += (
            f" (one bookmaker per server group: {report.all_rounds:,} rows in all, since bookmakers "
            "of one group show the same rounds)"
        )
    return f"{shown} from {len(report.sources)} source(s)."


def _verdict(report: Report) -> str:
    failed = report.failed
    if not failed:
        return (
            f"No test finds a departure from the fair, memoryless law at the {ALPHA:.0%} level: these rounds "
            "look like independent draws from P(M >= x) = 0.97 / x, and nothing in them predicts a round."
        )
    named = "; ".join(f"{t.name} (statistic {t.statistic:.3g}, p = {t.p_value:.2g})" for t in failed)
    return (
        f"{len(failed)} of {len(report.tests)} tests fail at the {ALPHA:.0%} level: {named}. The smaller the "
        "p-value, the stronger the departure; a departure describes these rounds and is not a way to "
        "predict the next one."
    )


def _tests(report: Report) -> pd.DataFrame:
    return pd.DataFrame([t.as_dict() for t in report.tests])


def _law_text(report: Report) -> str:
    h = report.headline.set_index("figure")
    two, median = h.loc["P(>= 2x)"], h.loc["median"]
    law = next(t for t in report.tests if t.name.startswith("crash law:"))
    agree = "agree with the law" if law.verdict == "pass" else "do not agree with the law"
    return _p(
        f"P(>= 2x) is {two.observed:.3f} (95 %: {two.lower:.3f}-{two.upper:.3f}) against the law's "
        f"{two.law:.3f}; the median crash is {median.observed:.2f} against {median.law:.2f}. Counted in "
        f"log-spaced bins, the crashes {agree} (chi-square {law.statistic:.1f}, p = {law.p_value:.2g})."
    )


def _edge_text(report: Report) -> str:
    e = report.edge
    if e is None:
        return ""
    low, high = e.edge_interval
    return _p(
        f"Cashing out at any x from 1.01 to 100 returned {e.rtp:.1%} of the stake on average (95 %: "
        f"{e.lower:.1%}-{e.upper:.1%}): a house edge of {e.edge:.1%} ({low:.1%}-{high:.1%}), where the law "
        "says 3 %. No cash-out returns more than it costs."
    )


def _randomness_text(report: Report) -> str:
    lags = report.acf
    worst = lags.loc[lags["p_value"].idxmin()]
    tests = {t.name.split(",")[0].split(" (")[0]: t for t in report.tests}
    runs = tests["runs above/below the median"]
    gap = report.gamblers.dropna(subset=["rate"])
    low, high, base = gap["rate"].min(), gap["rate"].max(), gap["unconditional"].iloc[0]
    return _p(
        f"The lag-1 autocorrelation of log M is {report.lag1:+.4f} (chance alone: within "
        f"+-{lags['bound'].iloc[0]:.4f}); "
        f"the most extreme of the {len(lags)} lags is lag {int(worst['lag'])} at {worst['acf']:+.4f} "
        f"(Holm-adjusted p = {worst['p_holm']:.2g}). The runs test gives z = {runs.statistic:+.2f} "
        f"(p = {runs.p_value:.2g}). After k rounds under 2x, the next reached 2x in "
        f"{low:.1%}-{high:.1%} of cases against {base:.1%} overall (each k's interval in the table)."
    )


def _timing_text(report: Report) -> str:
    if not report.fits:
        return _p("These rounds have no times: no timing.")
    return "".join(_p(_fit_line(name, fit)) for name, fit in sorted(report.fits.items()))


def _fit_line(name: str, fit: CycleFit) -> str:
    near = f"{fit.kept:,} of {fit.cycles:,} cycles within {CYCLE_SLACK:g} s of the line"
    if not fit.follows_line:
        return (
            f"{name}: only {fit.on_line:.0%} of the cycles lie near a line of ln M: its times are not the "
            "rounds' starts or ends (a logger's own clock), so no growth is read from them."
        )
    which = "its times mark the rounds' crashes, so a cycle grows with the next round's flight; " * (
        fit.marks == "end"
    )
    return (
        f"{name}: {which}cycle = {fit.base:.1f} s + {fit.per_ln:.1f} s x ln M ({near}), so the multiplier "
        f"grows as m(t) = exp(t / {fit.per_ln:.1f} s): 2x at {fit.seconds_to(2):.1f} s, 10x at "
        f"{fit.seconds_to(10):.1f} s."
    )


def _bookmaker_text(report: Report) -> str:
    pairs = report.pairs
    same = pairs[pairs["same_group"]] if not pairs.empty else pairs
    other = pairs[~pairs["same_group"]] if not pairs.empty else pairs
    text = f"{len(report.bookmakers)} bookmaker(s). "
    if not same.empty:
        low, high = same["share"].min(), same["share"].max()
        text += f"Bookmakers of one server group share {low:.0%}-{high:.0%} of their rounds. "
    if not other.empty:
        text += f"Bookmakers of different groups share {other['share'].max():.1%} at most (chance: about 0)."
    return _p(text)


def _strategies(report: Report) -> pd.DataFrame:
    rows = [
        (s.name, s.return_per_staked, s.recorded_return, s.ruin_probability, s.recorded_ruin)
        for s in report.strategies
    ]
    columns = [
        "strategy",
        "return per staked (Monte Carlo)",
        "on the recorded rounds",
        "risk of ruin",
        "ruined stretches",
    ]
    return pd.DataFrame(rows, columns=columns)


def _strategy_text(report: Report) -> str:
    if not report.strategies:
        return ""
    returns = [s.return_per_staked for s in report.strategies]
    length = int(report.strategies[0].fan["round"].iloc[-1])
    edge = "unknown" if report.edge is None else f"{-report.edge.edge:+.1%}"
    return _p(
        f"Each built-in strategy with its default stakes and a bankroll of 1,000, over {length:,} rounds "
        f"resampled from these rounds: every one returns {min(returns):+.1%} to {max(returns):+.1%} per unit "
        f"staked, beside the house edge of about -3 % (these rounds' own: {edge}); they differ only in how "
        "the loss is spread (the fan) and in how often the bankroll runs out (risk of ruin)."
    )


def _quality(report: Report) -> pd.DataFrame:
    q = report.quality.copy()
    for column in ("first", "last"):
        q[column] = [_moment(value) for value in q[column]]
    return q


def _moment(seconds: float) -> str:
    """A start time as UTC date and minute; '-' for none. (One per bookmaker: plain Python will do.)"""
    if not np.isfinite(seconds):
        return "-"
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M")


def _quality_text(report: Report) -> str:
    q = report.quality
    return _p(
        f"{int(q['recorded'].sum()):,} rounds recorded live, {int(q['backfilled'].sum()):,} backfilled; "
        f"{int(q['rounds'].sum() - q['timed'].sum()):,} without a start time; {int(q['gaps'].sum()):,} gaps "
        f"of over 5 minutes between recorded rounds ({q['gap_hours'].sum():.1f} hours in all)."
    )
