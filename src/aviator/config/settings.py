"""Names shared by every layer: game phases, bet states and the game's published constants."""

from __future__ import annotations

import math
import socket
from enum import StrEnum
from pathlib import Path

# where workers keep the fonts they learn (and calibration the ones it learns), per bookmaker
LEARNED_TEMPLATES = Path("storage/templates")
# the multipliers whose crossing times every flight records (a setup's `settings: thresholds:`)
DEFAULT_THRESHOLDS = (1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 10.0)
LOOKS_PER_SECOND = 10.0  # looks at each game per second of game time
LOOKS_CAP = 100.0  # looks per second of wall time, whatever the simulated games' speed


class GamePhase(StrEnum):
    """What a bookmaker's game screen shows at one moment."""

    BETTING = "BETTING"  # splash with a progress bar: bets for the next round are open
    LOADING = "LOADING"  # short dark screen between the betting window and the flight
    PLAYING = "PLAYING"  # the plane flies, the multiplier grows
    ENDED = "ENDED"  # the multiplier stands in red: the round crashed
    UNKNOWN = "UNKNOWN"  # nothing on screen could be read as the game


class BetState(StrEnum):
    """What a bet panel's button offers."""

    PLACE = "PLACE"  # green: place a bet for the next round
    WAITING = "WAITING"  # red: bet placed, waiting for the next round (a click cancels)
    CASH_OUT = "CASH_OUT"  # orange: the bet flies, a click cashes out


# Growth of the multiplier during flight, measured on real rounds: m(t) = exp(GROWTH_RATE * t).
GROWTH_RATE = 0.0833
# Return to player of the crash law P(M >= x) = RTP / x.
RTP = 0.97


def flight_seconds(multiplier: float) -> float:
    """Seconds of flight needed to reach `multiplier` on the game's growth curve."""
    return math.log(max(multiplier, 1.0)) / GROWTH_RATE


def multiplier_after(seconds: float) -> float:
    """The multiplier shown `seconds` after take-off, floored to 0.01 as the game shows it."""
    return math.floor(100 * math.exp(GROWTH_RATE * max(seconds, 0.0)) + 1e-9) / 100


def default_node() -> str:
    """This machine's name in records, topics and metrics unless the setup or the command line
    names it: the host name."""
    return socket.gethostname() or "aviator"
