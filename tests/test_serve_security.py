"""`workshop serve` against hostile visitors (issue 16, items 1–4): plain HTTP and websocket clients.

Each test starts a real `workshop serve` on a free port with no kernel pool (cheap), bounds every
wait, and kills the server and its kernels at the end so a regression cannot hang the run.
"""
from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psutil
import pytest
import websocket

from workshop.serve import READY_PATH, answers, free_port, wait_until_ready

ROOT = Path(__file__).resolve().parent.parent
V1 = "v1.kernel.websocket.jupyter.org"
pytestmark = pytest.mark.skipif(os.name != "posix", reason="starts `workshop serve` with POSIX signals")


class Served:
    def __init__(self, port: int, process: subprocess.Popen, log: Path):
        self.port, self.process, self.log_path = port, process, log

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def get(self, path: str, host: str | None = None, timeout: float = 120) -> http.client.HTTPResponse:
        """GET `path` exactly as written (no normalising of `..`), optionally under another Host name."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        connection.putrequest("GET", path, skip_host=host is not None, skip_accept_encoding=True)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        response.body = response.read()
        connection.close()
        return response

    def kernels(self) -> list[psutil.Process]:
        try:
            return [p for p in psutil.Process(self.process.pid).children(recursive=True)
                    if "ipykernel" in " ".join(p.cmdline())]
        except psutil.Error:
            return []


@contextlib.contextmanager
def serve(tmp_path: Path, *args: str):
    port = free_port()
    log = tmp_path / f"serve-{port}.log"
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "-m", "workshop", "serve", "--port", str(port), "--pool", "0", *args],
                                   cwd=ROOT, env={**os.environ, "WORKSHOP_DATA": str(tmp_path / "data")},
                                   stdout=out, stderr=subprocess.STDOUT)
    served = Served(port, process, log)
    prefix = args[args.index("--base-url") + 1] if "--base-url" in args else "/"
    try:
        if prefix == "/":
            wait_until_ready(port, 60, process)
        else:
            deadline = time.monotonic() + 60
            while not _ready(served, prefix + READY_PATH):
                assert process.poll() is None and time.monotonic() < deadline, "workshop serve did not start"
                time.sleep(0.2)
        yield served
    finally:
        children = []
        with contextlib.suppress(psutil.Error):
            children = psutil.Process(process.pid).children(recursive=True)
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:  # a frozen server ignores SIGTERM
            process.kill()
            process.wait(10)
        for child in children:
            with contextlib.suppress(psutil.Error):
                child.kill()


def _ready(served: Served, path: str) -> bool:
    try:
        return served.get(path, timeout=2).status == 200
    except OSError:
        return False


def _kernel_id(page: bytes) -> str:
    return re.search(rb'"kernelId": *"([0-9a-f-]{36})"', page).group(1).decode()


def _message(msg_type: str, content: dict) -> dict:
    return {"header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "", "session": "probe",
                       "date": "", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "content": content, "buffers": []}


def _v1_frame(channel: str, msg: dict) -> bytes:
    """Jupyter's v1 websocket framing, as @jupyterlab/services writes it."""
    parts = [json.dumps(msg[k]).encode() for k in ("header", "parent_header", "metadata", "content")]
    offsets = [8 * (1 + 1 + len(parts) + 1)]
    offsets.append(offsets[-1] + len(channel))
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    return b"".join([len(offsets).to_bytes(8, "little"), *(o.to_bytes(8, "little") for o in offsets),
                     channel.encode(), *parts])


def _read_v1_header(frame: bytes) -> dict:
    count = int.from_bytes(frame[:8], "little")
    assert 2 < count < 64
    offsets = [int.from_bytes(frame[8 * (i + 1):8 * (i + 2)], "little") for i in range(count)]
    return json.loads(frame[offsets[1]:offsets[2]])


def _still_answers(port: int, within: float = 10) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if answers(port):
            return True
        time.sleep(0.2)
    return False


# ------------------------------------------------------------------ 1. the websocket freeze

def test_a_legacy_websocket_asking_for_widget_state_cannot_freeze_the_server(tmp_path):
    """The reported freeze: no v1 subprotocol, then request_state for every widget (the app's Image has a buffer)."""
    with serve(tmp_path) as server:
        kernel = _kernel_id(server.get("/").body)
        url = f"ws://127.0.0.1:{server.port}/api/kernels/{kernel}/channels?session_id=probe"
        try:
            ws = websocket.create_connection(url, timeout=10)
        except websocket.WebSocketBadStatusException as refused:
            assert refused.status_code == 400
        else:
            try:
                ws.send(json.dumps({**_message("comm_info_request", {"target_name": "jupyter.widget"}),
                                    "channel": "shell"}))
                comms = None
                deadline = time.monotonic() + 30
                while comms is None and time.monotonic() < deadline:
                    reply = ws.recv()
                    if isinstance(reply, str) and json.loads(reply)["header"]["msg_type"] == "comm_info_reply":
                        comms = json.loads(reply)["content"]["comms"]
                assert comms, "the kernel listed no widgets"
                for comm_id in comms:
                    ws.send(json.dumps({**_message("comm_msg", {"comm_id": comm_id, "data": {"method": "request_state"}}),
                                        "channel": "shell"}))
                ws.settimeout(1)
                deadline = time.monotonic() + 5
                while time.monotonic() < deadline:  # the server writes the replies while we read them
                    with contextlib.suppress(websocket.WebSocketTimeoutException):
                        ws.recv()
            except (websocket.WebSocketException, OSError):
                pass
            finally:
                ws.close()
        assert _still_answers(server.port), "the server stopped answering after one websocket client"


def _v1_socket(port: int, kernel: str) -> websocket.WebSocket:
    """A kernel websocket that negotiates v1, as the page's JavaScript does."""
    return websocket.create_connection(f"ws://127.0.0.1:{port}/api/kernels/{kernel}/channels?session_id=p",
                                       timeout=10, subprotocols=[V1])


def test_the_pages_v1_websocket_still_talks_to_the_kernel(tmp_path):
    """What the page's JavaScript does: negotiate v1, ask for the widgets, get the answer."""
    with serve(tmp_path) as server:
        kernel = _kernel_id(server.get("/").body)
        ws = _v1_socket(server.port, kernel)
        try:
            assert ws.getsubprotocol() == V1
            ws.send_binary(_v1_frame("shell", _message("comm_info_request", {"target_name": "jupyter.widget"})))
            deadline = time.monotonic() + 30
            types = []
            while "comm_info_reply" not in types and time.monotonic() < deadline:
                frame = ws.recv()
                if isinstance(frame, bytes):
                    types.append(_read_v1_header(frame)["msg_type"])
            assert "comm_info_reply" in types
        finally:
            ws.close()


def test_a_v1_frame_with_a_huge_offset_count_cannot_freeze_the_server(tmp_path):
    """jupyter_server reads the first 8 bytes of a v1 frame as a count and builds a list that long."""
    with serve(tmp_path) as server:
        kernel = _kernel_id(server.get("/").body)
        ws = _v1_socket(server.port, kernel)
        try:
            ws.send_binary((2 ** 60).to_bytes(8, "little") + b"\x00" * 64)
            ws.send("not a v1 frame")
            time.sleep(2)
        except (websocket.WebSocketException, OSError):
            pass
        finally:
            ws.close()
        assert _still_answers(server.port), "one binary frame froze the server"
        assert "Traceback" not in server.log()


# ------------------------------------------------------------------ 2. DNS rebinding

def test_a_foreign_host_name_gets_a_short_refusal_not_the_app(tmp_path):
    with serve(tmp_path) as server:
        for path in ("/", "/" + READY_PATH):
            refused = server.get(path, host="attacker.example", timeout=30)
            assert refused.status in (400, 403), (path, refused.status)
            assert len(refused.body) < 2000 and b"kernelId" not in refused.body
            assert b"attacker.example" not in refused.body
        assert server.kernels() == [], "a refused page load started a kernel"
        for host in (f"localhost:{server.port}", f"127.0.0.1:{server.port}", f"[::1]:{server.port}", "localhost"):
            assert server.get("/" + READY_PATH, host=host).status == 200, host


def test_a_public_name_and_a_proxy_prefix_open_the_check(tmp_path):
    with serve(tmp_path, "--public-name", "taller.example.org", "--public-name", "Aula.Example.org") as server:
        assert server.get("/" + READY_PATH, host="taller.example.org:443").status == 200
        assert server.get("/" + READY_PATH, host="aula.example.org").status == 200
        assert server.get("/" + READY_PATH, host="attacker.example").status in (400, 403)
    with serve(tmp_path, "--base-url", "/taller/") as server:
        # Behind nginx (docs/nginx.conf sends Host $http_host) the proxy is what visitors name.
        assert server.get("/taller/" + READY_PATH, host="workshop.example.org").status == 200


def test_which_names_a_server_answers_to_follows_where_it_listens():
    import socket

    from workshop.server import HostNames

    local = HostNames.for_server("127.0.0.1", "/")
    assert local.allows("127.0.0.2:8866") and local.allows("LOCALHOST:8866") and local.allows("[::1]")
    assert not local.allows("192.168.1.5:8866") and not local.allows("localhost.attacker.example")
    lan = HostNames.for_server("0.0.0.0", "/")
    assert lan.allows("192.168.1.5:8866") and lan.allows(f"{socket.gethostname()}:8866")
    assert not lan.allows("attacker.example:8866")
    proxied = HostNames.for_server("127.0.0.1", "/taller/", ["taller.example.org"])
    assert proxied.allows("taller.example.org") and not proxied.allows("attacker.example")


def test_serving_settings_can_come_from_the_configuration_file(tmp_path):
    from workshop.config import load_config
    from workshop.engine.rules import RulePackError

    good = tmp_path / "equipo.yaml"
    good.write_text("public_names: [taller.example.org, 10.0.0.7]\nmax_kernels: 4\n", encoding="utf-8")
    assert load_config(good).public_names == ("taller.example.org", "10.0.0.7")
    assert load_config(good).max_kernels == 4
    assert load_config().max_kernels == 12  # the shipped file
    bad = tmp_path / "mal.yaml"
    bad.write_text("title: Taller\npublic_names: [https://taller.example.org/]\n", encoding="utf-8")
    with pytest.raises(RulePackError) as error:
        load_config(bad)
    assert "mal.yaml, line 2" in error.value.message("en") and "host names" in error.value.message("en")
    bad.write_text("max_kernels: 0\n", encoding="utf-8")
    with pytest.raises(RulePackError) as error:
        load_config(bad)
    assert "max_kernels" in error.value.message("en")


def test_serve_refuses_a_public_name_that_is_not_a_host_name(tmp_path):
    result = subprocess.run([sys.executable, "-m", "workshop", "--ui", "en", "serve", "--public-name", "http://x/"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "http://x/" in result.stderr and "not a host name" in result.stderr and "Traceback" not in result.stderr


# ------------------------------------------------------------------ 3. kernels without limit

def test_page_loads_beyond_the_cap_get_the_room_is_full_page_and_no_kernel(tmp_path):
    with serve(tmp_path, "--max-kernels", "1") as server:
        first = server.get("/")
        assert first.status == 200 and b"kernelId" in first.body
        assert len(server.kernels()) == 1
        for _ in range(3):
            full = server.get("/", timeout=30)
            assert full.status == 503
            page = full.body.decode()
            assert "kernelId" not in page
            assert "lleno" in page and "full" in page  # both languages
            assert full.getheader("Retry-After")
        time.sleep(1)
        assert len(server.kernels()) == 1, "a refused page load started a kernel"


def test_serve_refuses_a_cap_below_one():
    result = subprocess.run([sys.executable, "-m", "workshop", "--ui", "en", "serve", "--max-kernels", "0"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "--max-kernels" in result.stderr and "1 or more" in result.stderr and "Traceback" not in result.stderr


# ------------------------------------------------------------------ 4. quiet errors, no version

TRAVERSALS = [
    "/voila/files/../../etc/passwd",
    "/voila/files/%2e%2e/%2e%2e/etc/passwd",
    "/voila/files/..%2f..%2fetc%2fpasswd",
    "/voila/render/%2e%2e/%2e%2e/etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/voila/static/../../../etc/passwd",
    "/voila/static/%2e%2e/%2e%2e/etc/passwd",
    "/voila/templates/%2e%2e/x",
    "/voila/templates/lab/x",
    "/voila/templates/lab/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/voila/templates/lab/static/..%2f..%2f..%2fetc%2fpasswd",
    "/voila/labextensions/%2e%2e/%2e%2e/etc/passwd",
    "/voila/api/themes/%2e%2e/%2e%2e/etc/passwd",
    "/voila/files/%252e%252e/etc/passwd",
    "/voila/files/..%5c..%5cetc%5cpasswd",
]


def test_path_traversal_gets_a_quiet_404_and_logout_goes_back_to_the_app(tmp_path):
    with serve(tmp_path) as server:
        for path in TRAVERSALS:
            response = server.get(path, timeout=30)
            assert response.status == 404, (path, response.status)
            assert b"root:" not in response.body and b"Traceback" not in response.body
        logout = server.get("/logout", timeout=30)
        assert logout.status in (301, 302, 303, 307) and logout.getheader("Location") == "/"
        time.sleep(0.5)
        assert "Traceback" not in server.log()
        assert server.kernels() == [], "an error page started a kernel"


def test_no_response_names_the_server_software(tmp_path):
    with serve(tmp_path) as server:
        for path in ("/" + READY_PATH, "/voila/templates/lab/x", "/logout"):
            response = server.get(path, timeout=30)
            assert response.getheader("Server") is None, (path, response.getheader("Server"))
        try:
            websocket.create_connection(f"ws://127.0.0.1:{server.port}/api/kernels/{uuid.uuid4()}/channels",
                                        timeout=10, subprotocols=[V1])
        except websocket.WebSocketBadStatusException as refused:
            assert "tornado" not in str(refused.resp_headers).lower()
