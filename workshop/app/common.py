"""What every pane shares: the guard around callbacks, the debouncer, the styles."""
from __future__ import annotations

import asyncio
import functools
from typing import Callable

from ..state import WorkshopState


def guarded(state: WorkshopState, fn: Callable) -> Callable:
    """Wrap a widget callback so any error becomes an alert in the UI, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - the user sees a message, the log keeps the trace
            state.fail(error)
            return None

    return wrapper


def soon(fn: Callable[[], None]) -> None:
    """Run `fn` once the current kernel request is done (at once when no loop runs).

    Used to send what the first paint needs before everything else.
    """
    try:
        asyncio.get_running_loop().call_soon(fn)
    except RuntimeError:
        fn()


class Debouncer:
    """Run `fn` once typing pauses for `delay` seconds.

    In a kernel (Voilà, JupyterLab) the asyncio loop is running and the call
    is deferred; without a loop, or with `delay=None` (scripts, headless
    tests), it runs at once.
    """

    def __init__(self, delay: float | None, fn: Callable[[], None]):
        self.delay, self.fn = delay, fn
        self._handle: asyncio.TimerHandle | None = None

    def __call__(self) -> None:
        if self.delay is None:
            self.fn()
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.fn()
            return
        if self._handle is not None:
            self._handle.cancel()
        self._handle = loop.call_later(self.delay, self.flush)

    def flush(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        self.fn()


HIDDEN = "rw-hidden"

# Colours per category. Sentence-level categories are underlined so the
# phrase-level marks inside them stay readable.
CATEGORY_STYLE = {
    "filler": "background:#ffe27a",
    "repetition": "background:#ffc7d9",
    "redundancy": "background:#ffc49b",
    "wordy": "background:#bfe0ff",
    "complex-word": "background:#dccfff",
    "formal": "background:#c4e8c2",
    "negative": "background:#ffaaaa",
    "long-sentence": "background:transparent;text-decoration:underline wavy #8e24aa;text-underline-offset:3px",
    "closed-question": "background:#e1f3fb;border-bottom:2px dashed #0277bd",
    "missing-empathy": "background:transparent;outline:2px dotted #e65100;outline-offset:1px",
}

STYLE = """
<style>
.rw-app { font-size: 15px; max-width: 1400px; }
.rw-app .rw-hidden { display: none !important; }
.rw-app .rw-header h2 { margin: 4px 0; }
.rw-app .rw-sub { color: #555; margin: 0 0 6px 0; }
.rw-alert .rw-msg { padding: 8px 12px; border-radius: 6px; margin: 4px 0; }
.rw-alert .rw-error { background: #fde8e8; border: 1px solid #e57373; color: #7f1d1d; }
.rw-alert .rw-info { background: #e8f1fd; border: 1px solid #90b4e6; color: #1e3a5f; }
.rw-turn { display: flex; gap: 8px; padding: 6px 8px; border-radius: 6px; margin: 3px 0; line-height: 1.7; }
.rw-turn .rw-speaker { min-width: 90px; font-weight: 600; color: #444; overflow-wrap: anywhere; }
.rw-turn .rw-text { white-space: pre-wrap; overflow-wrap: anywhere; flex: 1; }
.rw-role-agent { background: #f7f9fc; }
.rw-role-customer { background: #fbf7ef; }
.rw-original, .rw-rewrite { flex: 1 1 0; min-width: 320px; }
.rw-original { margin-right: 16px; }
.rw-finding { border-radius: 3px; padding: 0 1px; color: inherit; cursor: help; }
.rw-finding-chip { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; }
.rw-legend .widget-toggle-button { width: auto; }
.rw-legend button.rw-off { opacity: .45; text-decoration: line-through; }
.rw-rewrite textarea { font-size: 15px; line-height: 1.5; }
.rw-turn-findings { font-size: 13px; color: #333; }
.rw-turn-findings .rw-fmsg { margin: 2px 0; }
.rw-editor { border-left: 3px solid #90b4e6; padding-left: 6px; margin: 6px 0; }
.rw-context { opacity: .85; }
.rw-table { border-collapse: collapse; font-size: 14px; }
.rw-table th, .rw-table td { padding: 3px 10px; border-bottom: 1px solid #eee; text-align: right; }
.rw-table tbody th { text-align: left; font-weight: normal; }
.rw-table tr.rw-better .rw-change { color: #1b7f3b; font-weight: 600; }
.rw-table tr.rw-worse .rw-change { color: #b3261e; font-weight: 600; }
.rw-diff del { background: #fde2e1; color: #8a1c1c; }
.rw-diff ins { background: #dff5e1; color: #14532d; text-decoration: none; margin-left: 2px; }
.rw-diff .rw-turn { background: #fafafa; }
.rw-summary { font-size: 16px; margin: 6px 0; }
""" + "".join(
    f'.rw-finding[data-category="{c}"] {{{s}}}\n.rw-legend .rw-chip-{c}.jupyter-button {{{s.replace(";", " !important;")} !important}}\n'
    for c, s in CATEGORY_STYLE.items()
) + "</style>"
