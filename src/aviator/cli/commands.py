"""The commands of `aviator` and their one line of help. Listed here so that `aviator COMMAND`
imports only that command's module (aviator.cli.COMMAND, '-' as '_'; with what it needs), and
`aviator --help` none: the rest are named by their help alone."""

from __future__ import annotations

HELP = {
    "demo": "run the collector on simulated bookmakers",
    "export": "export recorded data",
    "stats": "statistics of the recorded rounds per bookmaker",
    "sim": "open simulated bookmakers as real windows",
    "config": "check configuration files, or print an example",
    "calibrate": "find the games on the screen and write a setup file",
    "regions": "show the configured regions",
    "run": "record every round of the configured bookmakers from the screen",
    "ocr": "read screenshots or crops; learn a skin's templates",
    "train": "train a model from collected samples",
    "bets": "see and control the betting of a running collector",
    "backtest": "run a strategy over past or generated rounds",
    "gui": "the control panel: a window with the bookmakers, statistics, setup, betting, tools, settings "
    "and the log",
    "verify-fair": "check rounds published with their seeds (provably fair): hashes, and the formula if "
    "one holds",
    "report": "write the honest report (HTML and PNGs) over recorded or real rounds",
    "api": "the remote API's token",
}
