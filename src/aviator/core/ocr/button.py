"""The bet button's state, by its colour and by its words: green (place a bet), red (waiting: a
click cancels), orange (cash out). The amount on it is read separately (amount.py).

The colour alone is fast (the TransactionController polls it); `read_button` also reads the
button's words, and a button whose words contradict its colour has no state: a popup or a
restyled site must not make a click look confirmed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np

from aviator.config.settings import BetState
from aviator.core.ocr.amount import TextReader, contrast_mask

# Fill colours of the real game's buttons (UVuruna-Robin knowledge crops) and of the simulator.
BUTTON_COLOURS: dict[BetState, tuple[int, int, int]] = {
    BetState.PLACE: (40, 168, 10),
    BetState.WAITING: (68, 2, 10),
    BetState.CASH_OUT: (244, 135, 9),
}
MAX_DISTANCE = 40  # RGB distance from the nearest button colour beyond which the state is unknown
# Word stems on the button, English and the Serbian of the real crops ("Čekanje na sledeću rundu",
# "Unovčavanje"). Stems, because Tesseract's English model drops or swaps the accented letters.
BUTTON_WORDS: dict[BetState, tuple[str, ...]] = {
    BetState.PLACE: ("bet", "ulog", "uplat"),
    BetState.WAITING: ("wait", "cancel", "ekanje", "sledec", "otkaz"),
    BetState.CASH_OUT: ("cash", "unov", "isplat"),
}


@dataclass(frozen=True)
class ButtonReading:
    state: BetState | None  # None: no button colour, or words that contradict it
    text: str


def button_state(crop: np.ndarray) -> BetState | None:
    """The state whose colour is nearest the button's dominant (median) colour; None if none is near."""
    fill = np.median(crop.reshape(-1, 3), axis=0)
    distances = {state: float(np.linalg.norm(fill - colour)) for state, colour in BUTTON_COLOURS.items()}
    state = min(distances, key=distances.__getitem__)
    return state if distances[state] <= MAX_DISTANCE else None


def state_by_words(text: str) -> BetState | None:
    """The state the button's words name; None when they name none (an amount only) or several."""
    words = re.sub(r"[^a-z ]", "", _plain(text).lower())
    named = {state for state, stems in BUTTON_WORDS.items() if any(stem in words for stem in stems)}
    return named.pop() if len(named) == 1 else None


def read_button(crop: np.ndarray, reader: TextReader) -> ButtonReading:
    """The state by colour, kept only if the words on the button do not name another."""
    colour = button_state(crop)
    text, _ = reader.read_text(contrast_mask(crop))
    worded = state_by_words(text)
    return ButtonReading(colour if worded in (None, colour) else None, text.strip())


def _plain(text: str) -> str:
    """Without accents: 'Čekanje' -> 'Cekanje'."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
