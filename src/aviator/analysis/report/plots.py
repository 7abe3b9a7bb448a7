"""The report's figures, one matplotlib figure per plot, drawn off-screen (the Agg backend: no
display needed) and saved as PNG; the law is always drawn beside the data, so that a reader sees
the agreement or the gap without having to trust a sentence."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # before pyplot: files only, never a window

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from aviator.analysis import timing
from aviator.analysis.report.compute import Report
from aviator.analysis.verdicts import wilson

LAW = "#c0392b"
DATA = "#1f5fa8"
BAND = "#9cc3ea"
SIZE = (7.0, 4.2)
DPI = 110


def _figure() -> tuple[Figure, plt.Axes]:
    figure, axes = plt.subplots(figsize=SIZE, dpi=DPI, layout="constrained")
    axes.grid(True, which="both", alpha=0.25)
    return figure, axes


def survival_plot(report: Report) -> Figure:
    s = report.survival
    figure, axes = _figure()
    axes.fill_between(s["x"], s["lower"], s["upper"], color=BAND, label="95 % band")
    axes.plot(s["x"], s["observed"], color=DATA, label=f"recorded ({report.rounds:,} rounds)")
    axes.plot(s["x"], s["law"], color=LAW, linestyle="--", label="law: 0.97 / x")
    axes.set(xscale="log", yscale="log", xlabel="multiplier x", ylabel="P(M >= x)", title="The crash law")
    axes.legend()
    return figure


def rtp_plot(report: Report) -> Figure:
    r, edge = report.rtp, report.edge
    figure, axes = _figure()
    axes.fill_between(r["x"], r["lower"], r["upper"], color=BAND, label="95 % interval")
    axes.plot(r["x"], r["rtp"], color=DATA, label="recorded: P(M >= x) * x")
    axes.axhline(0.97, color=LAW, linestyle="--", label="law: 0.97 at every x")
    if edge is not None:
        axes.axhspan(edge.lower, edge.upper, color="#f5b041", alpha=0.35, label="pooled estimate, 95 %")
    axes.axhline(1.0, color="black", linewidth=0.8)
    axes.set(xscale="log", xlabel="cash-out x", ylabel="return per unit staked", title="Return to player")
    axes.set_ylim(0.5, 1.5)
    axes.legend(loc="upper left")
    return figure


def acf_plot(report: Report) -> Figure:
    a = report.acf
    figure, axes = _figure()
    axes.fill_between(a["lag"], -a["bound"], a["bound"], color=BAND, step="mid", label="95 % bounds")
    axes.vlines(a["lag"], 0, a["acf"], color=DATA)
    axes.plot(a["lag"], a["acf"], "o", color=DATA, label="autocorrelation of log M")
    axes.axhline(0, color="black", linewidth=0.8)
    axes.set(xlabel="lag k (rounds)", ylabel="correlation", title="Does a round remember the ones before?")
    axes.set_xticks(a["lag"])
    axes.legend()
    return figure


def gamblers_plot(report: Report) -> Figure:
    g = report.gamblers.dropna(subset=["rate"])
    figure, axes = _figure()
    errors = np.clip(np.vstack((g["rate"] - g["lower"], g["upper"] - g["rate"])), 0, None)  # float dust
    axes.errorbar(
        g["k"], g["rate"], yerr=errors, fmt="o", color=DATA, capsize=3, label="P(>= 2x | k under 2x)"
    )
    axes.axhline(
        float(report.gamblers["unconditional"].iloc[0]), color=LAW, linestyle="--", label="unconditional"
    )
    axes.set(xlabel="k rounds in a row under 2x", ylabel="P(next >= 2x)", title="The gambler's fallacy check")
    axes.set_ylim(0, 1)
    axes.legend()
    return figure


def cycle_plot(report: Report) -> Figure:
    figure, axes = _figure()
    for name, part in report.cycles.groupby("bookmaker", sort=True):
        fit = report.fits.get(str(name))
        column = "next_log_crash" if fit is not None and fit.marks == "end" else "log_crash"
        label = f"{name} (x: the next round's ln M)" if column == "next_log_crash" else str(name)
        dots = axes.scatter(part[column], part["cycle"], s=3, alpha=0.3, label=label)
        if fit is not None and fit.follows_line:
            x = np.linspace(0, float(part[column].max()), 50)
            axes.plot(x, fit.base + fit.per_ln * x, color=dots.get_facecolor()[0][:3], linewidth=2)
    axes.set(
        xlabel="ln M", ylabel="cycle: next round's time - this one's (s)", title="Round cycle against ln M"
    )
    axes.legend(markerscale=4, fontsize="small")
    return figure


def growth_plot(report: Report) -> Figure:
    figure, axes = _figure()
    for name, fit in sorted(_growing(report).items()):
        t = np.linspace(0, fit.seconds_to(100.0), 100)
        axes.plot(t, np.exp(t / fit.per_ln), label=f"{name}: m(t) = exp(t / {fit.per_ln:.1f} s)")
    axes.set(yscale="log", xlabel="seconds of flight", ylabel="multiplier", title="Growth during a flight")
    axes.legend(fontsize="small")
    return figure


def _growing(report: Report) -> dict[str, timing.CycleFit]:
    return {name: fit for name, fit in report.fits.items() if fit.follows_line and fit.per_ln > 0}


def bookmaker_plot(report: Report) -> Figure:
    b = report.bookmakers
    figure, axes = _figure()
    low, high = wilson(np.round(b["p_2x"] * b["rounds"]), b["rounds"])
    y = np.arange(len(b))
    axes.errorbar(
        b["p_2x"],
        y,
        xerr=np.clip(np.vstack((b["p_2x"] - low, high - b["p_2x"])), 0, None),
        fmt="o",
        color=DATA,
        capsize=3,
    )
    axes.axvline(0.485, color=LAW, linestyle="--", label="law: 0.485")
    axes.set_yticks(y, [f"{name} ({n:,})" for name, n in zip(b["bookmaker"], b["rounds"], strict=True)])
    axes.set(xlabel="P(M >= 2x), 95 % interval", title="Per bookmaker")
    axes.legend()
    return figure


def fan_plot(report: Report) -> Figure:
    count = max(len(report.strategies), 1)
    figure, grid = plt.subplots(
        1, count, figsize=(3.2 * count, 3.6), dpi=DPI, layout="constrained", squeeze=False
    )
    for axes, risk in zip(grid[0], report.strategies, strict=False):
        f = risk.fan
        axes.fill_between(f["round"], f["p5"], f["p95"], color=BAND, alpha=0.6, label="5-95 %")
        axes.fill_between(f["round"], f["p25"], f["p75"], color=DATA, alpha=0.4, label="25-75 %")
        axes.plot(f["round"], f["p50"], color=DATA, label="median")
        axes.plot(f["round"], f["recorded"], color="black", linewidth=0.8, label="recorded")
        axes.axhline(0, color=LAW, linewidth=0.8)
        axes.set(title=f"{risk.name}: ruin {risk.ruin_probability:.0%}", xlabel="rounds")
        axes.grid(True, alpha=0.25)
    grid[0][0].set_ylabel("profit (bankroll 1,000)")
    grid[0][0].legend(fontsize="x-small", loc="lower left")
    return figure


PLOTS: dict[str, Callable[[Report], Figure]] = {
    "crash_law": survival_plot,
    "return_to_player": rtp_plot,
    "autocorrelation": acf_plot,
    "gamblers_fallacy": gamblers_plot,
    "cycle_time": cycle_plot,
    "growth": growth_plot,
    "bookmakers": bookmaker_plot,
    "strategies": fan_plot,
}


def save_plots(report: Report, out: Path) -> dict[str, Path]:
    """Every plot that has data, as out/<name>.png; name -> path."""
    saved = {}
    for name, draw in PLOTS.items():
        if not _has_data(report, name):
            continue
        figure = draw(report)
        saved[name] = out / f"{name}.png"
        figure.savefig(saved[name])
        plt.close(figure)
    return saved


def _has_data(report: Report, name: str) -> bool:
    needs = {"cycle_time": report.fits, "growth": _growing(report), "strategies": report.strategies}
    return bool(needs.get(name, True))
