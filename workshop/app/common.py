"""What every pane shares: the guard around callbacks, the debouncer, the styles."""
from __future__ import annotations

import asyncio
import functools
from typing import Callable, Iterable

import ipywidgets as w

from ..render import CATEGORY_STYLE, CSS
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


def close_tree(widget: w.Widget, keep: Iterable[w.Widget] = ()) -> None:
    """Close a widget, everything under it and their own layouts and styles.

    A box's close() closes only the box: its children stay in ipywidgets' registry
    (and the kernel's comms) for as long as the kernel lives. `keep`: widgets shared
    with what stays on the page, such as one layout for many rows.
    """
    kept = {id(k) for k in keep}
    stack = [widget]
    while stack:
        node = stack.pop()
        if id(node) in kept or not isinstance(node, w.Widget) or node.comm is None:
            continue
        stack.extend(getattr(node, "children", ()))
        stack.extend(getattr(node, name, None) for name in ("layout", "style"))
        node.close()


def take_upload(widget, change, default_name: str) -> tuple[str, bytes] | None:
    """The file just chosen in a FileUpload, as (name, bytes), cleared from the widget so the
    same file can be chosen again after a fix; None for the clearing itself.

    ipywidgets 8's value is a tuple of {"name", "type", "size", "content": memoryview}.
    """
    files = change["new"]
    if not files:
        return None
    item = files[0]
    widget.value = ()
    return str(item.get("name") or default_name), bytes(item["content"])


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

STYLE = """
<style>
.rw-app { font-size: 15px; max-width: 1400px; }
.rw-app .rw-hidden { display: none !important; }
.rw-app .rw-header h2 { margin: 4px 0; }
.rw-app .rw-sub { color: #555; margin: 0 0 6px 0; }
.rw-app a.rw-link { color: #2f6fd0; text-decoration: underline; }
.rw-alert .rw-msg { padding: 8px 12px; border-radius: 6px; margin: 4px 0; }
.rw-alert .rw-error { background: #fde8e8; border: 1px solid #e57373; color: #7f1d1d; }
.rw-alert .rw-info { background: #e8f1fd; border: 1px solid #90b4e6; color: #1e3a5f; }
.rw-original, .rw-rewrite { flex: 1 1 0; min-width: 320px; }
.rw-original { margin-right: 16px; }
.rw-finding-chip { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; }
.rw-legend .widget-toggle-button { width: auto; }
.rw-legend button.rw-off { opacity: .45; text-decoration: line-through; }
.rw-rewrite textarea { font-size: 15px; line-height: 1.5; font-family: inherit; max-width: 100%; box-sizing: border-box; }
.rw-editor > .widget-textarea { width: auto !important; align-self: stretch; }
.rw-rewrite .widget-textarea, .rw-rewrite .widget-html, .rw-rewrite .widget-box { max-width: 100%; min-width: 0; }
.rw-rewrite .jupyter-button { width: auto; max-width: none; white-space: nowrap; overflow: visible; text-overflow: clip; flex: 0 0 auto; }
.rw-orig { margin: 2px 0 4px 0; background: #f6f7f9; border-radius: 6px; padding: 4px 8px; color: #333; }
.rw-orig summary { cursor: pointer; color: #555; font-size: 13px; }
.rw-orig .rw-text { white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.5; }
.rw-finding-row { flex-flow: row wrap !important; align-items: center; gap: 4px; border-bottom: 1px solid #eef0f3; }
.rw-finding-row > .widget-html { flex: 1 1 240px; min-width: 0; }
.rw-turn-findings { font-size: 13px; color: #333; }
.rw-turn-findings .rw-fmsg { margin: 2px 0; }
.rw-fix-pattern { margin: 2px 0 4px; font-style: italic; color: #444; }
.rw-turn-findings .widget-html-content { line-height: 1.4; }
.rw-rewrite .jupyter-button.rw-long { position: relative; overflow: visible; }
.rw-rewrite .jupyter-button.rw-long:hover::after, .rw-rewrite .jupyter-button.rw-long:focus-visible::after {
  content: attr(title); position: absolute; left: 0; top: 100%; z-index: 20; margin-top: 2px; padding: 4px 8px;
  max-width: 420px; width: max-content; white-space: normal; text-align: left; background: #1f2937; color: #fff;
  border-radius: 4px; font-size: 13px; line-height: 1.35; }
.rw-rule-id { color: #6b7280; font-size: 0.8em; font-family: monospace; }
.rw-editor { border-left: 3px solid #90b4e6; padding-left: 6px; margin: 6px 0; }
.rw-context { opacity: .85; }
mark.rw-finding[data-label] { cursor: pointer; }
mark.rw-finding[data-label]:focus-visible { outline: 2px solid #1d4ed8; outline-offset: 1px; }
.rw-popover { position: absolute; z-index: 1000; background: #fff; color: #1f2937; border: 1px solid #c7cdd6;
  border-radius: 8px; box-shadow: 0 6px 20px rgba(0,0,0,.15); padding: 8px 12px; font-size: 14px; line-height: 1.4; }
.rw-popover .rw-pop-head { display: flex; justify-content: space-between; align-items: center; gap: 8px; }
.rw-popover .rw-pop-close { border: none; background: none; font-size: 18px; cursor: pointer; padding: 0 4px; }
.rw-popover .rw-pop-message { margin: 4px 0; }
.rw-popover .rw-pop-caption { color: #555; font-size: 13px; }
.rw-popover .rw-pop-alts { margin: 2px 0 6px 18px; padding: 0; }
.rw-popover .rw-pop-jump { display: inline-block; margin-right: 8px; color: #1d4ed8; }
.rw-flash { outline: 3px solid #f59e0b; outline-offset: 2px; transition: outline-color 1s; }
.rw-summary { font-size: 16px; margin: 6px 0; }
.rw-stage { border: 1px solid #d0d7e2; border-radius: 10px; padding: 18px 22px; max-width: 1000px; outline: none; }
.rw-stage[data-role="customer"] { background: #fbf7ef; }
.rw-stage[data-role="agent"] { background: #f1f6fd; }
.rw-stage-head { display: flex; justify-content: space-between; color: #555; font-size: 18px; }
.rw-stage-speaker { font-weight: 700; }
.rw-stage-text { font-size: 28px; line-height: 1.45; margin: 14px 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.rw-stage-original { color: #777; font-size: 15px; margin-bottom: 10px; text-decoration: line-through; }
.rw-stage-bar { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; font-size: 15px; }
.rw-stage-bar button { font-size: 15px; padding: 4px 12px; }
.rw-team-table th.rw-text, .rw-team-table td.rw-text { text-align: left; }
.rw-team-table thead th { position: sticky; top: 0; background: #fff; }
.rw-team-table td:first-child { white-space: nowrap; }
""" + CSS + "".join(
    f'.rw-legend .rw-chip-{c}.jupyter-button {{{s.replace(";", " !important;")} !important}}\n'
    for c, s in CATEGORY_STYLE.items()
) + "</style>"
