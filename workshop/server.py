"""The Voilà server `workshop serve` runs: Voilà's standalone app with the guards a shared server needs.

`python -m workshop.server NOTEBOOK [Voilà options]` takes every option `python -m voila` takes.
Why each guard exists (issue 16): docs/upstream-voila-websocket-freeze.md and README's
"Publishing the app".

- Kernel websockets must negotiate Jupyter's v1 subprotocol, and their frames are checked before
  jupyter_server parses them: either mistake lets one client freeze the whole server.
- The Host header must be a name this server answers to (`--WorkshopVoila.public_names`): a page
  under a foreign name (DNS rebinding) gets a short 403, not the app.
- At most `--WorkshopVoila.max_kernels` kernels serve pages at once (~110–140 MB each); one more page
  load gets a "the room is full" page (503) and starts no kernel. A closed or reloaded tab gives its
  kernel back `--WorkshopVoila.closed_tab_grace` seconds after its last websocket closed.
- Errors are short and quiet: probing URLs (path traversal, /logout) get a 404 or a redirect with
  no traceback in the log, and no response names the server software.
- Every response carries the security headers (`security_headers`, issue 15): a Content-Security-Policy
  the widgets run under, no framing unless `--WorkshopVoila.frame_ancestors`, nosniff, a referrer policy.
- With a token or password (`workshop serve --token`), the login page is the workshop's, in both languages.
"""
from __future__ import annotations

import html
import ipaddress
import socket
import tempfile
from pathlib import PurePosixPath
from typing import Any, Iterable

import tornado.ioloop
import tornado.web
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join
from tornado.escape import url_escape
from tornado.httputil import split_host_and_port
from traitlets import Int, List, Unicode
from voila.app import Voila
from voila.static_file_handler import TemplateStaticFileHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler
from voila.voila_identity_provider import VoilaLoginHandler

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

    def on_close(self):
        # A closed or reloaded tab leaves its kernel running; with `max_kernels` a lead who reloads
        # a dozen times would find the room full. The kernel goes once no page has been connected
        # for `workshop_closed_tab_grace` seconds (a dropped network reconnects within that time,
        # and a save still under way finishes: the session store has everything already).
        kernel_id, manager = getattr(self, "kernel_id", None), self.kernel_manager
        super().on_close()
        grace = self.settings.get("workshop_closed_tab_grace", 0)
        if kernel_id and grace > 0:
            tornado.ioloop.IOLoop.current().call_later(grace, shut_down_if_unwatched, manager, kernel_id, self.log)

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


async def shut_down_if_unwatched(manager, kernel_id: str, log) -> None:
    """Shut a page's kernel down when no websocket is connected to it any more."""
    if kernel_id not in manager or manager._kernel_connections.get(kernel_id, 0) > 0:
        return
    log.info("Shutting down kernel %s: its page was closed", kernel_id)
    try:
        await manager.shutdown_kernel(kernel_id)
    except (KeyError, RuntimeError):  # culled or shut down meanwhile
        pass


# ---------------------------------------------------------------- 2. Host names (DNS rebinding)

def host_name(host_header: str) -> str:
    """`Taller.Example.org:443` -> `taller.example.org`, `[::1]:8866` -> `::1`."""
    name, _port = split_host_and_port(host_header.strip().lower())
    return name.strip("[]").rstrip(".")


def _ip(name: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(name)
    except ValueError:
        return None


class HostNames:
    """The Host headers this server answers to: a rebinding page carries its own domain name.

    Always this machine's loopback names; plus the configured public names; plus, when the server
    listens beyond loopback, IP addresses (a browser never sends one for a domain's page) and this
    machine's own name; anything at all when `any_name` (behind a proxy that checks names itself).
    """

    def __init__(self, names: Iterable[str] = (), *, any_ip: bool = False, any_name: bool = False):
        self.names = frozenset({"localhost", *(host_name(n) for n in names)})
        self.any_ip, self.any_name = any_ip, any_name

    @classmethod
    def for_server(cls, ip: str, base_url: str, public_names: Iterable[str] = ()) -> "HostNames":
        public_names = list(public_names)
        address = _ip(host_name(ip)) if ip not in ("", "localhost") else ipaddress.ip_address("127.0.0.1")
        beyond_loopback = address is None or not address.is_loopback
        names = [*public_names, *((socket.gethostname(), socket.getfqdn()) if beyond_loopback else ())]
        # A proxy prefix means visitors name the proxy; without a configured name, the proxy decides.
        behind_proxy = base_url.strip("/") != "" and not public_names
        return cls(names, any_ip=beyond_loopback, any_name=behind_proxy)

    def allows(self, host_header: str) -> bool:
        name = host_name(host_header)
        if self.any_name or name in self.names:
            return True
        address = _ip(name)
        return address is not None and (address.is_loopback or self.any_ip)


class RefusedHostHandler(tornado.web.RequestHandler):
    """A short 403 for every method (websocket upgrades too), naming neither the app nor the host."""

    def prepare(self):
        self.application.settings["voila"].log.warning(
            "Refused a request for %s with a Host this server does not answer to (from %s); "
            "if it is yours, add it with workshop serve --public-name NAME", self.request.path, self.request.remote_ip)
        self.set_status(403)
        self.set_header("Content-Type", "text/plain; charset=UTF-8")
        self.set_header("Cache-Control", "no-store")
        self.finish("\n".join(t("serve_host_refused", lang) for lang in LANGUAGES) + "\n")


class WorkshopApplication(tornado.web.Application):
    """Tornado's application with the checks that come before any handler, and quiet handlers."""

    def find_handler(self, request, **kwargs):
        if not self.settings["workshop_hosts"].allows(request.host):
            return self.get_handler_delegate(request, RefusedHostHandler)
        return super().find_handler(request, **kwargs)

    def get_handler_delegate(self, request, target_class, target_kwargs=None, path_args=None, path_kwargs=None):
        return super().get_handler_delegate(request, quiet(target_class), target_kwargs, path_args, path_kwargs)


# ---------------------------------------------------------------- 4. quiet errors

def security_headers(frame_ancestors: Iterable[str] = ()) -> dict[str, str]:
    """The headers every response carries: what the page may load, who may frame it, no sniffing, no referrer to other sites.

    The widget front end needs inline scripts and styles (Voilà's template), blob: scripts
    (anywidget imports its module from one) and data:/blob: images (the charts); no `eval`, and
    everything else from this server only (tests/browser: no violation in any tab). A Referer only to
    this server: a login link's token never leaves with one ("no-referrer" would make Chromium send
    `Origin: null` with the login form, which jupyter_server refuses as cross-origin).
    """
    from .config import is_origin

    frame_ancestors = [origin for origin in frame_ancestors if is_origin(origin)]  # nothing else in the policy
    ancestors = " ".join(frame_ancestors) or "'none'"
    policy = "; ".join([
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' blob:",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        f"frame-ancestors {ancestors}",
    ])
    headers = {"Content-Security-Policy": policy, "X-Content-Type-Options": "nosniff",
               "Referrer-Policy": "same-origin", "Cross-Origin-Opener-Policy": "same-origin"}
    if not frame_ancestors:
        headers["X-Frame-Options"] = "DENY"  # browsers that predate frame-ancestors
    return headers


class NoServerHeader:
    """Tornado names itself and its version in every response: nothing for a prober to match.
    Every response also gets `security_headers` (jupyter_server's CSP allows any frame and any source)."""

    def clear(self):
        super().clear()
        self.clear_header("Server")
        for name, value in self.application.settings.get("workshop_headers", {}).items():
            self.set_header(name, value)


class PlainErrors(NoServerHeader):
    """A one-line error instead of jupyter_server's error page, which cannot render under Voilà
    (no `static_path`: "Uncaught exception in write_error" and a traceback for every 404)."""

    def write_error(self, status_code, **kwargs):
        self.set_header("Content-Type", "text/plain; charset=UTF-8")
        self.finish(f"{status_code} {self._reason}\n")


class NotFoundForForbidden:
    """Static files: "forbidden" tells a prober the file exists; every refusal is a 404."""

    def send_error(self, status_code=500, **kwargs):
        super().send_error(404 if status_code == 403 else status_code, **kwargs)


_quiet: dict[type, type] = {}


def quiet(handler: type) -> type:
    """`handler` with the mixins above: API handlers keep their JSON errors."""
    if handler not in _quiet:
        mixins = [NoServerHeader if issubclass(handler, APIHandler) else PlainErrors]
        if issubclass(handler, tornado.web.StaticFileHandler):
            mixins.insert(0, NotFoundForForbidden)
        _quiet[handler] = type(handler.__name__, (*mixins, handler), {"__module__": __name__})
    return _quiet[handler]


def safe_static_path(path: str) -> bool:
    """`TEMPLATE/static/FILE` with no empty, `.` or `..` segment: what Voilà's template handler
    assumes (it splits and asserts, a 500 with a traceback for anything else)."""
    parts = path.split("/")
    return len(parts) >= 3 and parts[1] == "static" and not {"", ".", ".."} & set(parts)


class TemplateFileHandler(TemplateStaticFileHandler):
    def parse_url_path(self, path):
        if not safe_static_path(path):
            raise tornado.web.HTTPError(404)
        return super().parse_url_path(path)


# ---------------------------------------------------------------- 3. kernels per server

def pooled_kernel_ids(kernel_manager) -> set[str]:
    """Kernels Voilà started ahead that no page has taken yet (its pool is private: `_pools`)."""
    ids = set()
    for pool in getattr(kernel_manager, "_pools", {}).values():
        for task in pool:
            if task.done() and not task.cancelled() and task.exception() is None:
                ids.add(task.result()["kernel_id"])
    return ids


class KernelCap:
    """At most `limit` kernels serving pages, counting the page loads still starting theirs."""

    def __init__(self, limit: int):
        self.limit, self.starting = limit, 0

    def in_use(self, kernel_manager) -> int:
        return len(set(kernel_manager.list_kernel_ids()) - pooled_kernel_ids(kernel_manager)) + self.starting

    def full(self, kernel_manager) -> bool:
        return self.in_use(kernel_manager) >= self.limit


def room_full_page(limit: int) -> str:
    """The bilingual page a visitor gets when every kernel is taken (no script, nothing fetched)."""
    parts = "".join(f'<section lang="{lang}"><h1>{html.escape(t("serve_room_full_title", lang))}</h1>'
                    f'<p>{html.escape(t("serve_room_full", lang, limit=limit))}</p></section>' for lang in LANGUAGES)
    title = " · ".join(html.escape(t("serve_room_full_title", lang)) for lang in LANGUAGES)
    return ('<!DOCTYPE html><html lang="es"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{title}</title><style>body{{font-family:system-ui,sans-serif;max-width:40em;"
            f"margin:3em auto;padding:0 1em;line-height:1.5}}section+section{{margin-top:2em}}</style>"
            f"</head><body>{parts}</body></html>")


def preparing_page() -> str:
    """The start of every app page: a bilingual "preparing your workspace" note, hidden by the
    template's stylesheet (workshop/data/jupyter/voila/templates/workshop) once Voilà's page arrives.

    It opens the document (doctype, charset, title); Voilà's own <html>, <head> and <body> tags
    that follow are merged into it by the HTML parser, their attributes included."""
    notes = "".join(f'<p lang="{lang}">{html.escape(t("serve_preparing", lang))}</p>' for lang in LANGUAGES)
    return ('<!DOCTYPE html><html lang="es"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{html.escape(t("app_title", LANGUAGES[0]))}</title></head><body>'
            '<div id="rw-preparing" role="status" style="font-family:system-ui,sans-serif;font-size:18px;'
            f'color:#1e3a5f;max-width:40em;margin:3em auto;padding:0 1em;line-height:1.5">{notes}</div>\n')


def login_page(action: str, xsrf_field: str, invalid: bool) -> str:
    """The bilingual login page (jupyter_server's is English, about `jupyter server list`)."""
    parts = []
    for lang in LANGUAGES:
        error = (f'<p class="error" role="alert">{html.escape(t("serve_login_invalid", lang))}</p>' if invalid else "")
        parts.append(f'<section lang="{lang}"><h1>{html.escape(t("serve_login_title", lang))}</h1>{error}'
                     f'<p>{html.escape(t("serve_login_hint", lang))}</p></section>')
    label = " · ".join(html.escape(t("serve_login_label", lang)) for lang in LANGUAGES)
    button = " · ".join(html.escape(t("serve_login_button", lang)) for lang in LANGUAGES)
    title = " · ".join(html.escape(t("serve_login_title", lang)) for lang in LANGUAGES)
    return ('<!DOCTYPE html><html lang="es"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{title}</title><style>body{{font-family:system-ui,sans-serif;max-width:40em;margin:3em auto;"
            "padding:0 1em;line-height:1.5}h1{font-size:1.4em;color:#2f6fd0}.error{color:#b00020;font-weight:600}"
            "form{margin:2em 0;display:flex;flex-wrap:wrap;gap:.5em;align-items:center}"
            "input[type=password]{font-size:1em;padding:.4em;min-width:16em}"
            "button{font-size:1em;padding:.4em 1em}</style></head><body>"
            f'{parts[0]}<form method="post" action="{html.escape(action)}">{xsrf_field}'
            f'<label for="password">{label}</label>'
            '<input type="password" id="password" name="password" autocomplete="current-password" autofocus required>'
            f'<button type="submit">{button}</button></form>{"".join(parts[1:])}</body></html>')


class LoginHandler(VoilaLoginHandler):
    """jupyter_server's login (token or password) with the workshop's own page, and no password change."""

    def _render(self, message=None):
        action = url_path_join(self.base_url, "login") + "?next=" + url_escape(
            self.get_argument("next", default=self.base_url))
        self.set_header("Cache-Control", "no-store")
        self.write(login_page(action, self.xsrf_form_html(), bool(message)))


#: Pages besides the app, served from the app notebook's folder: /self-study (documented in the
#: README) and the address Voilà's folder mode would give it.
OTHER_PAGES = {"self-study": "self-study.ipynb", "voila/render/self-study.ipynb": "self-study.ipynb"}


class PageHandler(TornadoVoilaHandler):
    """The app's page (and the self-study page): refused with the room-full page when `max_kernels`
    kernels are in use."""

    @tornado.web.authenticated
    async def get(self, path=None):
        if self.notebook_path and path:
            page = OTHER_PAGES.get(path.strip("/"))
            if page is None:
                # Voilà redirects any other path to /voila/files/PATH, `..` included; the app has no other page.
                raise tornado.web.HTTPError(404)
            # a sibling of the app's notebook (relative to the root folder); no pool: a kernel of its own
            self.notebook_path = str(PurePosixPath(self.notebook_path).with_name(page))
            path = None
        cap: KernelCap = self.settings["workshop_kernels"]
        if cap.full(self.kernel_manager):
            self.log.warning("The room is full (%d kernels in use): refused a page load from %s",
                             cap.limit, self.request.remote_ip)
            self.set_status(503)
            self.set_header("Content-Type", "text/html; charset=UTF-8")
            self.set_header("Cache-Control", "no-store")
            self.set_header("Retry-After", "120")
            self.finish(room_full_page(cap.limit))
            return
        cap.starting += 1
        starting = True
        # Sent before the kernel is ready (taking one from a pool still filling can take a while):
        # the browser shows this instead of a blank page, until Voilà's page hides it.
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.write(preparing_page())
        self.flush()
        try:
            # By its first piece of HTML the page has its kernel (started or taken from the pool).
            async for snippet in self.get_generator(path=path):
                if starting:
                    cap.starting, starting = cap.starting - 1, False
                self.write(snippet)
                self.flush()
        finally:
            if starting:
                cap.starting -= 1


# ---------------------------------------------------------------- refilling the pool

class OneAtATime:
    """Refill kernels one after the other: each waits until the one before has run the notebook
    (or `limit` seconds), so a taken kernel is replaced at once without several new kernels
    competing for the same cores while people load their pages."""

    def __init__(self, initialize, limit: float = 60.0):
        import asyncio

        self.initialize, self.limit = initialize, limit
        self.lock = asyncio.Lock()

    async def __call__(self, *args, **kwargs):
        import asyncio

        await self.lock.acquire()
        try:
            result = await self.initialize(*args, **kwargs)
        except BaseException:
            self.lock.release()
            raise
        released = False

        def release(*_):
            nonlocal released
            if not released:
                released = True
                self.lock.release()

        result["task"].add_done_callback(release)
        asyncio.get_event_loop().call_later(self.limit, release)
        return result


# ---------------------------------------------------------------- the application

class WorkshopVoila(Voila):
    """Voilà with our handlers in place of the ones above (same routes, same options)."""

    description = "Voilà for the Rewrite Workshop: the app with the guards of a shared server."

    public_names = List(Unicode(), config=True,
                        help="Host names visitors use besides this machine's (e.g. taller.example.org).")
    max_kernels = Int(12, config=True, help="Most kernels serving pages at once (one per open tab, ~110–140 MB each).")
    closed_tab_grace = Int(60, config=True,
                           help="Seconds a closed tab's kernel waits for the page to reconnect before it is shut down (0: never).")
    frame_ancestors = List(Unicode(), config=True,
                           help="Origins that may show the app in a frame (https://lms.example.org); none by default.")

    #: Voilà's handler classes and ours, swapped in init_handlers.
    replacements = {VoilaKernelWebsocketHandler: KernelWebsocketHandler, TornadoVoilaHandler: PageHandler,
                    TemplateStaticFileHandler: TemplateFileHandler, VoilaLoginHandler: LoginHandler}

    def start(self):
        """Voilà's start, with our Application class and settings."""
        self.connection_dir = tempfile.mkdtemp(prefix="voila_", dir=self.connection_dir_root)
        self.log.info("Storing connection files in %s." % self.connection_dir)
        settings = self.init_settings()
        # The pages are the shipped notebooks only (PageHandler refuses any other path): they are
        # trusted, without jupyter_server's "Notebook … is not trusted" warning on every page load.
        self.contents_manager.mark_trusted_cells = lambda nb, path="": self.contents_manager.notary.mark_cells(nb, True)
        if hasattr(self.kernel_manager, "_initialize"):  # a preheated pool; its first fill is under way already
            self.kernel_manager._initialize = OneAtATime(self.kernel_manager._initialize)
        settings["workshop_hosts"] = HostNames.for_server(self.ip, self.base_url, self.public_names)
        settings["workshop_kernels"] = KernelCap(max(1, self.max_kernels))
        settings["workshop_headers"] = security_headers(self.frame_ancestors)
        settings["workshop_closed_tab_grace"] = max(0, self.closed_tab_grace)
        self.app = WorkshopApplication(**settings)
        self.app.settings.update(self.tornado_settings)
        self.app.add_handlers(".*$", self.init_handlers())
        self.listen()

    def init_handlers(self) -> list:
        # jupyter_server's logout page cannot render under Voilà (a 500 and a traceback); there is
        # no login to leave anyway, so /logout goes back to the app.
        handlers = [(url_path_join(self.server_url, "/logout"), tornado.web.RedirectHandler,
                     {"url": self.base_url, "permanent": False})]
        for rule in super().init_handlers():
            pattern, handler, *rest = rule
            handlers.append((pattern, self.replacements.get(handler, handler), *rest))
        return handlers


main = WorkshopVoila.launch_instance

if __name__ == "__main__":
    main()
