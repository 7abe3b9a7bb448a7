"""What every child process of aviator does first."""

from __future__ import annotations

import ctypes
import os
import signal

PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Asks Linux to end this process when the main process dies, even by kill -9: a worker
    must never go on alone, looking at screens and writing to nobody.

    Linux ties this to the thread that started the child: a worker restarted by the
    HealthMonitor's thread ends with that thread, so the monitor stops after the workers.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() == 1:  # the parent died before we asked
        os._exit(1)


def give_back_memory() -> None:
    """Returns the heap's free pages to the system (glibc's malloc_trim): after a worker let go of
    what it needed only to learn (hundreds of crops), its resident memory falls back to what it
    uses. Elsewhere than glibc this does nothing."""
    trim = getattr(ctypes.CDLL(None), "malloc_trim", None)
    if trim is not None:
        trim(0)
