"""Asynchronous status changes, computed from timestamps when a resource is read (no threads).

AWS answers a create, modify or delete at once and finishes the work later: the resource reads
CREATING (or MODIFYING, DELETING) for a while, then AVAILABLE (or gone). The local cloud does the
same with a short, configurable delay, so clients must really wait: the provider's waiters poll,
the deploy steps poll. `LOCAL_CLOUD_TRANSITION_SECONDS` sets the delay (default 1 s; 0 makes
every change visible at the next read, never within the answer that starts it).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

DEFAULT_TRANSITION_SECONDS = 1.0
TRANSITION_SECONDS_VARIABLE = "LOCAL_CLOUD_TRANSITION_SECONDS"


def transition_seconds() -> float:
    raw = os.environ.get(TRANSITION_SECONDS_VARIABLE, "")
    if raw.strip() == "":
        return DEFAULT_TRANSITION_SECONDS
    try:
        seconds = float(raw)
    except ValueError:
        raise SystemExit(f"{TRANSITION_SECONDS_VARIABLE} must be a number of seconds (got {raw!r})") from None
    if seconds < 0:
        raise SystemExit(f"{TRANSITION_SECONDS_VARIABLE} must not be negative (got {raw!r})")
    return seconds


def now() -> float:
    return time.time()


@dataclass
class Transition:
    """`during` from `started` until the delay has passed, `after` from then on."""

    during: str
    after: str
    started: float
    seconds: float

    @classmethod
    def begin(cls, during: str, after: str) -> "Transition":
        return cls(during, after, now(), transition_seconds())

    @property
    def done(self) -> bool:
        # Strictly later than the start: the answer that begins a change never shows it finished.
        elapsed = now() - self.started
        return elapsed >= self.seconds and elapsed > 0

    @property
    def status(self) -> str:
        return self.after if self.done else self.during
