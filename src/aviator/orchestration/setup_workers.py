"""From a setup file to the collector's workers: one WorkerConfig per bookmaker, and each worker's
BettingPlan when the setup bets (paper, or live only when asked three times over)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from aviator.config.betting import BettingConfig
from aviator.config.settings import LOOKS_CAP
from aviator.config.setup import BookmakerEntry, Setup
from aviator.core.capture.sources import DisplaySpec
from aviator.orchestration.betting_plan import BettingPlan, KeeperPlan
from aviator.orchestration.bookmaker_worker import WorkerConfig
from aviator.orchestration.collector_app import CollectorApp


class BettingRefused(ValueError):
    """Live betting asked for without everything it needs: the message names what is missing."""


def worker_configs(setup: Setup, speed: float, learned: Path | None = None) -> list[WorkerConfig]:
    """One worker per bookmaker, as the setup's `settings:` say; one whose setup names no templates
    learns its skin into `learned` (None: the settings' folder)."""
    settings = setup.run_settings
    looks = min(LOOKS_CAP, settings.looks_per_second * speed)
    screen = DisplaySpec(setup.display)
    return [
        WorkerConfig(
            e.name,
            setup.game_regions(e),
            e.templates,
            screen,
            looks,
            e.group,
            thresholds=settings.thresholds,
            strip_templates=e.strip_templates,
            learned_templates=learned or settings.learned_templates,
            amount_templates=e.amount_templates,
        )
        for e in setup.bookmakers
    ]


def betting_mode(betting: BettingConfig | None, live: bool) -> str | None:
    """paper, or None without a `betting:` section; live only when --live, `live: true` and every
    limit are all there (otherwise BettingRefused naming what is missing)."""
    if not live:
        return None if betting is None else "paper"
    if betting is None:
        raise BettingRefused(
            "--live needs a `betting:` section in the setup file, with live: true and every limit"
        )
    missing = betting.live_problems()
    if missing:
        raise BettingRefused(
            "live betting refused: " + "; ".join(missing) + ". Without --live, bets are on paper"
        )
    return "live"


def with_betting(
    app: CollectorApp, setup: Setup, mode: str | None, configs: list[WorkerConfig], state_file: Path
) -> list[WorkerConfig]:
    """The workers, each with its BettingPlan if the setup bets (`mode` from betting_mode)."""
    betting = setup.betting
    if mode is None or betting is None:
        return configs
    app.enable_betting(betting, mode, state_file)
    plan = BettingPlan(betting.strategy, betting.params, betting.strategies, live=mode == "live")
    return [
        replace(
            c,
            betting=replace(
                plan, history=app.recent_crashes(c.bookmaker), keeper=_keeper(betting, mode, i, e)
            ),
        )
        for i, (c, e) in enumerate(zip(configs, setup.bookmakers, strict=True))
    ]


def _keeper(betting: BettingConfig, mode: str, index: int, entry: BookmakerEntry) -> KeeperPlan | None:
    """The SessionKeeper of the `index`th bookmaker: on in live mode, in paper mode if asked."""
    keeper = betting.session_keeper
    if keeper is None or (mode == "paper" and not keeper.paper):
        return None
    return KeeperPlan(keeper.point(entry.offset), keeper.first + keeper.stagger * index, keeper.every)
