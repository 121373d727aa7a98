"""The steps of a long command, timed: a spinner (rich) on a terminal for a step that
takes more than a second, and each step's time on request (``--verbose``).

    >>> steps = Steps()
    >>> with steps.step("counting"):
    ...     total = sum(range(10))
    >>> [name for name, _ in steps.times]
    ['counting']
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

#: seconds a step runs before its spinner shows
SPINNER_AFTER = 1.0


class Steps:
    """Times named steps; ``progress`` shows a spinner on stderr for a step that lasts
    more than :data:`SPINNER_AFTER` seconds; ``report`` receives each step's line
    ("step: 1.23 s") as it ends (``--verbose``)."""

    def __init__(self, *, progress: bool = False,
                 report: Callable[[str], None] | None = None) -> None:
        self.progress = progress
        self.report = report
        self.times: list[tuple[str, float]] = []

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        """Run the body as the step ``name``."""
        started = time.perf_counter()
        spinner = _Spinner(name) if self.progress else None
        try:
            yield
        finally:
            if spinner is not None:
                spinner.stop()
            seconds = time.perf_counter() - started
            self.times.append((name, seconds))
            if self.report is not None:
                self.report(f"{name}: {seconds:.2f} s")

    def total(self) -> float:
        return sum(seconds for _, seconds in self.times)


class _Spinner:
    """A rich status line on stderr, started only once the step has run a while."""

    def __init__(self, name: str) -> None:
        from rich.console import Console

        self.lock = threading.Lock()
        self.stopped = False
        self.status = Console(stderr=True).status(f"{name} ...")
        self.timer = threading.Timer(SPINNER_AFTER, self._start)
        self.timer.daemon = True
        self.timer.start()

    def _start(self) -> None:
        with self.lock:
            if not self.stopped:
                self.status.start()

    def stop(self) -> None:
        self.timer.cancel()
        with self.lock:
            self.stopped = True
            self.status.stop()


@contextmanager
def no_step(_: str) -> Iterator[None]:
    """A step that is neither timed nor shown (the default of the functions that take
    a ``step``)."""
    yield


__all__ = ["SPINNER_AFTER", "Steps", "no_step"]
