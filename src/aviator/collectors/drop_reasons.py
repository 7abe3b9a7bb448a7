"""Why a round was not recorded, and which readings were rejected: the words of `-v`.

CycleEvidence keeps what the looks of one betting cycle showed of its crash, so that a round the
PhaseTracker gives up (CrashMissed) says why. RejectionDigest turns the readings rejected over a
few seconds into one line per reason, so that a screen rejected at every look (ten a second)
costs one line every few seconds, not ten.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

DIGEST_EVERY = 5.0  # seconds between two digests of rejected readings
SHOWN_READS = 3  # crash values read once, named in a reason


def _last(text: str, form: str) -> str:
    """The last text read, in `form`; nothing when there was none (a screen with no game on it)."""
    return form.format(text) if text else ""


def _counted(counts: Counter[str]) -> str:
    return ", ".join(f"{reason}: {count}" for reason, count in counts.most_common())


class CycleEvidence:
    """What one betting cycle's looks showed of its crash: a few counters a look."""

    def __init__(self) -> None:
        self.rejected: Counter[str] = Counter()
        self.last_text = ""
        self.crash_reads: list[float] = []  # crash values read once and never confirmed

    def reset(self) -> None:
        self.rejected.clear()
        self.last_text = ""
        self.crash_reads.clear()

    def reject(self, reason: str, text: str) -> None:
        self.rejected[reason] += 1
        self.last_text = text

    def crash_read(self, value: float) -> None:
        if len(self.crash_reads) < SHOWN_READS:
            self.crash_reads.append(value)

    def reason(self, highest: float) -> str:
        """Why the cycle's crash was not recorded, after a flight seen up to `highest` (0: none)."""
        flight = f" after a flight seen up to {highest:,.2f}x" if highest else ""
        if self.crash_reads:
            reads = ", ".join(f"{value:,.2f}x" for value in self.crash_reads)
            why = f"its crash was read once ({reads}) and no next look agreed"
        elif self.rejected:
            total = sum(self.rejected.values())
            counted = _counted(self.rejected) + _last(self.last_text, "; last {!r}")
            why = f"no crash read: {total} readings rejected ({counted})"
        else:
            why = "no crash screen seen (the worker did not look while it was shown)"
        return f"round not recorded{flight}: {why}; the history strip is read to bring it back"


@dataclass
class RejectionDigest:
    """Readings rejected since the last digest, by reason, with the last text of each."""

    every: float = DIGEST_EVERY
    counts: Counter[str] = field(default_factory=Counter)
    last: dict[str, str] = field(default_factory=dict)
    since: float | None = None

    def add(self, reason: str, text: str) -> None:
        self.counts[reason] += 1
        self.last[reason] = text

    def due(self, now: float) -> bool:
        """True once rejections have waited `every` seconds; the wait starts at the first call
        that finds some (the worker asks every heartbeat), so adding one costs no clock read."""
        if self.since is None and self.counts:
            self.since = now
        return self.since is not None and now - self.since >= self.every

    def lines(self, now: float) -> list[str]:
        """One line per reason, e.g. "rejected 12 readings in 5 s: no 'x' suffix (last '403.79')";
        then it starts again."""
        seconds = 0.0 if self.since is None else now - self.since
        lines = [
            f"rejected {count} reading{'s' if count > 1 else ''} in {seconds:.0f} s: {reason}"
            + _last(self.last[reason], " (last {!r})")
            for reason, count in self.counts.most_common()
        ]
        self.counts.clear()
        self.last.clear()
        self.since = None
        return lines
