"""The simulated bookmaker: game engine, clock, renderer, shared screen and truth log.

Everything here is seen by the collector only through pixels; its ground truth goes to the truth
log, which only tests and reports read.
"""
