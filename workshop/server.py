"""The Voilà server `workshop serve` runs: Voilà's standalone app with the guards a shared server needs.

`python -m workshop.server NOTEBOOK [Voilà options]` takes every option `python -m voila` takes.
Why each guard exists (issue 16): docs/upstream-voila-websocket-freeze.md and README's
"Publishing the app".

- Kernel websockets must negotiate Jupyter's v1 subprotocol, and their frames are checked before
  jupyter_server parses them: either mistake lets one client freeze the whole server.
"""
from __future__ import annotations

import html
import ipaddress
import re
import socket
from typing import Any, Iterable

import tornado.web
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join
from tornado.httputil import split_host_and_port
from traitlets import Int, List, Unicode
from voila.app import Voila
from voila.static_file_handler import TemplateStaticFileHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

from .i18n import LANGUAGES, t

V1_PROTOCOL = "v1.kernel.websocket.jupyter.org"


# ---------------------------------------------------------------- 1. kernel websockets

def offered_subprotocols(header: str | None) -> list[str]:
    return [p.strip() for p in (header or "").split(",") if p.strip()]


def v1_frame_is_sane(frame: Any) -> bool:
    """Whether a client frame is a well-formed v1 message, checked without trusting its counts.

    jupyter_server's deserialize_msg_from_ws_v1 reads the first 8 bytes as the number of offsets
    and builds a list that long before looking at the frame's size: 2**60 freezes the server.
    """
    if not isinstance(frame, bytes) or len(frame) < 8:
        return False
    count = int.from_bytes(frame[:8], "little")
    # channel + header at least; every offset is 8 bytes inside the frame
    if count < 3 or 8 * (count + 1) > len(frame):
        return False
    offsets = [int.from_bytes(frame[8 * (i + 1):8 * (i + 2)], "little") for i in range(count)]
    return offsets[0] == 8 * (count + 1) and offsets == sorted(offsets) and offsets[-1] <= len(frame)


class KernelWebsocketHandler(VoilaKernelWebsocketHandler):
    """Only the v1 protocol the page's JavaScript speaks, and only frames that parse safely.

    Without v1, jupyter_server sends widget buffers in the legacy binary format and Voilà's
    write_message reads them as v1 (read_header_from_binary_message): ~10**17 offsets, 100% CPU.
    """

    async def get(self, kernel_id):
        if V1_PROTOCOL not in offered_subprotocols(self.request.headers.get("Sec-WebSocket-Protocol")):
            self.log.warning("Refused a kernel websocket without the %s subprotocol from %s",
                             V1_PROTOCOL, self.request.remote_ip)
            raise tornado.web.HTTPError(400)
        return await super().get(kernel_id)

    def on_message(self, message):
        if not v1_frame_is_sane(message):
            self.log.warning("Ignored a malformed kernel websocket frame from %s", self.request.remote_ip)
            return None
        try:
            return super().on_message(message)
        except (ValueError, TypeError, KeyError, IndexError, UnicodeDecodeError):
            # a header that is not JSON, a missing part: the client's fault, not a server error
            self.log.warning("Ignored an unreadable kernel message from %s", self.request.remote_ip)
            return None


# ---------------------------------------------------------------- the application

class WorkshopVoila(Voila):
    """Voilà with our handlers in place of the ones above (same routes, same options)."""

    description = "Voilà for the Rewrite Workshop: the app with the guards of a shared server."

    #: Voilà's handler classes and ours, swapped in init_handlers.
    replacements = {VoilaKernelWebsocketHandler: KernelWebsocketHandler}

    def init_handlers(self) -> list:
        handlers = []
        for rule in super().init_handlers():
            pattern, handler, *rest = rule
            handlers.append((pattern, self.replacements.get(handler, handler), *rest))
        return handlers


main = WorkshopVoila.launch_instance

if __name__ == "__main__":
    main()
