"""The honest report: every statistic of `aviator.analysis` over one set of rounds, drawn as PNGs and
written as one self-contained report.html (`aviator report`).

`compute.build_report` computes (numbers only), `plots` draws each figure, `html` writes the page
with the plots embedded and plain sentences saying what the data show, including which test
failed if one did. Nothing in it predicts a round.
"""

from aviator.analysis.report.compute import Report, build_report
from aviator.analysis.report.html import write_report

__all__ = ["Report", "build_report", "write_report"]
