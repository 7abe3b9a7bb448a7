"""Input: real mouse and keyboard events, one owner at a time, bets as verified transactions."""
