"""The bet button's state, by its colour: green (place a bet), red (waiting: a click cancels),
orange (cash out). The amount on it is read separately (amount.py)."""

from __future__ import annotations

import numpy as np

from aviator.config.settings import BetState

# Fill colours of the real game's buttons (UVuruna-Robin knowledge crops) and of the simulator.
BUTTON_COLOURS: dict[BetState, tuple[int, int, int]] = {
    BetState.PLACE: (40, 168, 10),
    BetState.WAITING: (68, 2, 10),
    BetState.CASH_OUT: (244, 135, 9),
}
MAX_DISTANCE = 40  # RGB distance from the nearest button colour beyond which the state is unknown


def button_state(crop: np.ndarray) -> BetState | None:
    """The state whose colour is nearest the button's dominant (median) colour; None if none is near."""
    fill = np.median(crop.reshape(-1, 3), axis=0)
    distances = {state: float(np.linalg.norm(fill - colour)) for state, colour in BUTTON_COLOURS.items()}
    state = min(distances, key=distances.__getitem__)
    return state if distances[state] <= MAX_DISTANCE else None
