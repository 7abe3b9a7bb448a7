"""Whether a worker whose heartbeat is late is hung, or only late: the HealthMonitor's kill rule.

A heartbeat (a WorkerStatus, sent every 0.25 s from the worker's look loop) can be late for three
reasons, and a kill cures only the last:

1. The main process is late. The worker's messages wait unread in its pipe: the hub thread was
   not scheduled, or was busy dispatching. The worker is fine; it is never killed for that.
2. The worker is working or starved. A long step inside one look (a self-learning worker reads its
   200 collected crops again with Tesseract before it learns its templates: seconds of CPU, many
   more on a loaded machine) or a machine so busy that the worker seldom runs. Its CPU time
   advances, or the kernel has it runnable (state R). A kill would throw its work away, and its
   replacement would be as starved. It is spared, up to `hang_limit` seconds of silence: a loop
   that never beats for that long is a bug, and is killed.
3. The worker is hung. Stopped (SIGSTOP: state T, or t when traced), a zombie, or asleep without
   using any CPU for half of `stale_after` (a deadlock, a wait that never ends). Killed once
   silent for `stale_after`.

The CPU time is compared over at least half of `stale_after`, measured from the first look at the
process after the silence began: a monitor that was itself late never judges on a glimpse.
"""

from __future__ import annotations

from dataclasses import dataclass

import psutil

STOPPED = (psutil.STATUS_STOPPED, psutil.STATUS_TRACING_STOP, psutil.STATUS_ZOMBIE, psutil.STATUS_DEAD)


@dataclass(frozen=True)
class Progress:
    """What the kernel says of a process at one moment."""

    runnable: bool  # running or waiting for a CPU (R): it runs whenever the scheduler lets it
    stopped: bool  # stopped, traced, a zombie or dead: it will never beat again by itself
    cpu_seconds: float  # user + system time used so far


@dataclass(frozen=True)
class Verdict:
    """What to do with a silent worker, and why (the HealthMonitor's alert says it)."""

    kill: bool
    reason: str


def progress_of(pid: int) -> Progress | None:
    """From /proc/PID/stat (psutil); None if there is no such process any more."""
    try:
        process = psutil.Process(pid)
        with process.oneshot():
            status, times = process.status(), process.cpu_times()
    except psutil.Error:
        return None
    return Progress(status == psutil.STATUS_RUNNING, status in STOPPED, times.user + times.system)


@dataclass(frozen=True)
class Silence:
    """One worker's silence as the monitor sees it at one check."""

    seconds: float  # since its last heartbeat was read
    unread: int  # bytes it sent that the main process has not read yet
    baseline: Progress | None  # the process when it was first looked at during this silence
    watched_for: float  # seconds since that first look
    now: Progress | None


def judge(silence: Silence, stale_after: float, hang_limit: float) -> Verdict | None:
    """The rule of the module docstring; None while there is nothing to decide yet."""
    if silence.seconds <= stale_after or silence.now is None:
        return None  # not silent long enough, or gone (its exit is seen by its sentinel)
    if silence.unread > 0:
        return Verdict(False, "its messages wait unread: the main process is late")
    if silence.now.stopped:
        return Verdict(True, "its process is stopped")
    if silence.seconds > hang_limit:
        return Verdict(True, f"silent for more than {hang_limit:.0f} s")
    if silence.baseline is None or silence.watched_for < stale_after / 2:
        return None  # not watched long enough to tell progress from none
    if silence.now.runnable or silence.now.cpu_seconds > silence.baseline.cpu_seconds:
        return Verdict(False, "it is working or waiting for a CPU (its CPU time advances)")
    return Verdict(True, "asleep without using the CPU: hung")
