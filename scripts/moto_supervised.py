#!/usr/bin/env python3
"""Run moto_server as a child that never outlives whoever started this supervisor.

Usage: moto_supervised.py MOTO_SERVER_EXECUTABLE [moto_server args...]

Test binaries and scripts/demo start the emulator through this: when the starting process
exits or crashes (and so cannot clean up), the supervisor notices that its parent changed and
stops moto. If MOTO_SUPERVISE_PID is set, moto also stops when that process is gone (for a
starter whose direct child is not this supervisor, e.g. a shell pipeline). SIGTERM, SIGINT and
SIGHUP stop it too. moto's stdout/stderr are inherited, so the
caller can read the " * Running on http://127.0.0.1:PORT" line from stderr.
"""

import ctypes
import os
import signal
import subprocess
import sys
import time

POLL_SECONDS = 0.25
STOP_GRACE_SECONDS = 3.0


def die_with_supervisor():
    """In the child: ask Linux to SIGTERM moto if the supervisor itself is killed with SIGKILL."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, int(signal.SIGTERM))
    except OSError:
        pass  # not Linux: parent polling below still covers the normal cases


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stop(child):
    if child.poll() is not None:
        return
    child.terminate()
    try:
        child.wait(timeout=STOP_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def main():
    if len(sys.argv) < 2:
        print("usage: moto_supervised.py MOTO_SERVER [ARGS...]", file=sys.stderr)
        return 2
    parent = os.getppid()
    watched = os.environ.get("MOTO_SUPERVISE_PID")
    watched = int(watched) if watched and watched.isdigit() else None

    # Handlers first, so a signal arriving during startup still stops moto cleanly.
    stopping = []

    def on_signal(signum, _frame):
        stopping.append(signum)

    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, on_signal)

    child = subprocess.Popen(sys.argv[1:], preexec_fn=die_with_supervisor)

    while True:
        orphaned = os.getppid() != parent or (watched is not None and not alive(watched))
        if stopping or orphaned:
            stop(child)
            return 0
        code = child.poll()
        if code is not None:
            return code
        time.sleep(POLL_SECONDS)


if __name__ == "__main__":
    sys.exit(main())
