"""Stopping a long-running command well (`worker`, `run_schedule --forever`): the first SIGTERM or SIGINT asks it
to stop once what it is doing has ended; a second stops it at once."""

import logging
import signal
import threading
import time

logger = logging.getLogger("eunomia")

# How often a nap calls what it was given to do meanwhile (a heartbeat).
NAP_SECONDS = 0.2


class StopOnSignal:
    """`what`: the command's name in its messages ("Worker"); `after`: what it finishes before stopping
    ("the current job")."""

    SIGNALS = (signal.SIGTERM, signal.SIGINT)

    def __init__(self, what, *, after):
        self.what = what
        self.after = after
        self.forced = False
        self._asked = threading.Event()
        self._previous = {}

    @property
    def requested(self):
        return self._asked.is_set()

    def __enter__(self):
        for signum in self.SIGNALS:
            previous = signal.getsignal(signum)
            # Started in the background of a script (`make demo`) it ignores Ctrl-C, as the shell arranged.
            if previous is signal.SIG_IGN:
                continue
            self._previous[signum] = previous
            signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc):
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)

    def _handle(self, signum, frame):
        name = signal.Signals(signum).name
        if self.requested:
            self.forced = f"{self.what} stopped at once by {name}"
            raise SystemExit(self.forced)
        self._asked.set()
        logger.warning("%s asked to stop (%s): stopping after %s", self.what, name, self.after)

    def wait(self, seconds):
        """Wait up to `seconds` for a stop request; True when there is one."""
        return self._asked.wait(seconds)

    def nap(self, seconds, *, meanwhile=None):
        """Wait `seconds` unless asked to stop, calling `meanwhile` (a heartbeat) every NAP_SECONDS as it goes."""
        end = time.monotonic() + seconds
        while not self.requested and time.monotonic() < end:
            if meanwhile is not None:
                meanwhile()
            self.wait(min(NAP_SECONDS, max(0.0, end - time.monotonic())))
