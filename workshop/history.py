"""Undo and redo by step, for the rewrite.

A step is what a person means by "that change": a burst of typing in one turn
(until a pause of about a second), one applied suggestion, one reset, one
"remove all fillers". Each step keeps a snapshot of the whole rewrite before it,
so undoing a step never throws away typing older than it. No widgets here: the
class is driven by `WorkshopState` and tested headless.
"""
from __future__ import annotations

import time
from typing import Callable, Hashable

#: Seconds without typing that end a burst: the next keystroke starts a new step.
TYPING_PAUSE = 1.0
#: Steps kept; older ones are forgotten (each is a copy of the rewrite, ~a few KB).
LIMIT = 200

Snapshot = dict[int, str]


class History:
    """Undo and redo stacks of rewrite snapshots, with typing merged into bursts."""

    def __init__(self, pause: float = TYPING_PAUSE, limit: int = LIMIT,
                 clock: Callable[[], float] = time.monotonic):
        self.pause, self.limit, self.clock = pause, limit, clock
        self._undo: list[tuple[Hashable, Snapshot]] = []
        self._redo: list[Snapshot] = []
        self._burst: tuple[Hashable, float] | None = None  # (turn, time of its last keystroke)

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()
        self._burst = None

    def record(self, before: Snapshot, action: tuple) -> None:
        """Note a change about to happen; `before` is the rewrite as it is now.

        `action` is ("type", turn) for a keystroke, anything else for a step of
        its own. A keystroke in the same turn within `pause` of the previous one
        joins that burst instead of starting a step.
        """
        now = self.clock()
        self._redo.clear()
        if action[0] == "type":
            burst = self._burst
            self._burst = (action[1], now)
            if burst is not None and burst[0] == action[1] and now - burst[1] < self.pause and self._undo:
                return
        else:
            self._burst = None
        self._undo.append((action, dict(before)))
        del self._undo[:-self.limit]

    def undo(self, current: Snapshot) -> Snapshot | None:
        """The rewrite before the last step (that step goes to redo), or None when there is none."""
        if not self._undo:
            return None
        self._burst = None
        _, previous = self._undo.pop()
        self._redo.append(dict(current))
        return previous

    def redo(self, current: Snapshot) -> Snapshot | None:
        """The rewrite after the last undone step, or None when nothing was undone."""
        if not self._redo:
            return None
        self._burst = None
        self._undo.append((("redo",), dict(current)))
        return self._redo.pop()

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)
