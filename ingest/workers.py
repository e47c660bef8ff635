"""Worker processes that end with the process that started them.

A pool worker waits on its task queue; killed alone, its parent leaves it waiting for ever (it holds
the write end of that queue itself), with every file the parent had open when it forked, the
archive's database and WAL among them. On Linux the kernel sends the worker SIGKILL when its
parent dies (prctl PR_SET_PDEATHSIG); the worker holds nothing of its own to save."""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(parent: int) -> None:
    """In a worker process started by `parent` (its pid): be killed when that process dies. A pool's
    `initializer`; elsewhere than on Linux it does nothing."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)
