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


def test_a_closed_tab_gives_its_kernel_back_so_the_room_does_not_fill_up(tmp_path):
    """A lead who reloads the page must not use up the room: the old page's kernel goes once its
    websocket has been closed for the grace time, and only then."""
    with serve(tmp_path, "--max-kernels", "1", "--closed-tab-grace", "3") as server:
        kernel = _kernel_id(server.get("/").body)
        ws = _v1_socket(server.port, kernel)
        time.sleep(5)  # connected longer than the grace: the kernel stays
        assert len(server.kernels()) == 1
        ws.close()
        assert server.get("/", timeout=30).status == 503  # within the grace the tab may still come back
        deadline = time.monotonic() + 30
        again = server.get("/", timeout=30)
        while again.status == 503 and time.monotonic() < deadline:  # the room is full until the kernel is gone
            time.sleep(0.5)
            again = server.get("/", timeout=30)
        assert again.status == 200, "a closed tab's kernel still holds the room"
        alive = " ".join(" ".join(p.cmdline()) for p in server.kernels())
        assert _kernel_id(again.body) in alive and kernel not in alive


def test_a_kernel_whose_page_never_connected_is_not_shut_down_by_a_closed_tab(tmp_path):
    with serve(tmp_path, "--max-kernels", "2", "--closed-tab-grace", "2") as server:
        first = _kernel_id(server.get("/").body)
        _v1_socket(server.port, first).close()
        second = _kernel_id(server.get("/").body)  # its page is still opening its websocket
        time.sleep(6)
        alive = " ".join(" ".join(p.cmdline()) for p in server.kernels())
        assert second in alive and first not in alive


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


# ------------------------------------------------------------------ 5. a login beyond loopback (issue 15)

TOKEN = "taller-equipo-" + "7" * 20


def _serve_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "workshop", *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "WORKSHOP_TOKEN": "", "WORKSHOP_PASSWORD_HASH": "", **(env or {})})


@pytest.mark.parametrize("ip", ["0.0.0.0", "::", "192.0.2.10", "taller.example.org"])
def test_serve_beyond_loopback_refuses_to_start_without_a_login(ip):
    for ui, words in (("en", "Add a login"), ("es", "Añada un acceso")):
        result = _serve_cli("--ui", ui, "serve", "--ip", ip, "--port", str(free_port()))
        assert result.returncode == 2, result.stdout
        assert words in result.stderr and "--token auto" in result.stderr and "--password-hash" in result.stderr
        assert "Traceback" not in result.stderr and "Voil" not in result.stdout


def test_serve_refuses_a_short_token_and_a_password_that_is_not_a_hash():
    weak = _serve_cli("--ui", "en", "serve", "--ip", "0.0.0.0", "--token", "letmein")
    assert weak.returncode == 2 and "at least 16 characters" in weak.stderr
    plain = _serve_cli("--ui", "es", "serve", "--ip", "0.0.0.0", "--password-hash", "secreto123")
    assert plain.returncode == 2 and "no es un hash" in plain.stderr and "Traceback" not in plain.stderr


def test_what_counts_as_beyond_loopback():
    from workshop.serve import beyond_loopback

    assert not any(map(beyond_loopback, ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"]))
    assert all(map(beyond_loopback, ["0.0.0.0", "", "::", "10.1.2.3", "taller.example.org"]))


@pytest.fixture()
def login_env(monkeypatch):
    """English output and no login from the runner's own environment."""
    for key in ("WORKSHOP_TOKEN", "WORKSHOP_PASSWORD_HASH", "JUPYTER_TOKEN"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("WORKSHOP_LANG", "en")
    return monkeypatch


def test_a_token_server_prints_the_login_url_and_lets_in_only_who_has_it(tmp_path, login_env):
    with serve(tmp_path, "--ip", "0.0.0.0", "--token", TOKEN) as server:
        printed = server.log()
        assert f"?token={TOKEN}" in printed and "Login link" in printed
        # The token is not on the server's command line, which every account on the machine can read.
        assert TOKEN not in " ".join(psutil.Process(server.process.pid).cmdline())
        for path in ("/", "/?token=wrong-" + TOKEN, "/api/kernels", "/api/kernels/" + str(uuid.uuid4())):
            refused = server.get(path, timeout=30)
            assert refused.status in (302, 403), (path, refused.status)
            assert b"kernelId" not in refused.body
            if refused.status == 302:
                assert refused.getheader("Location").startswith("/login")
        assert server.kernels() == [], "a page load without the token started a kernel"
        login = server.get("/login", timeout=30)
        assert login.status == 200 and b'name="password"' in login.body
        opened = server.get(f"/?token={TOKEN}")
        assert opened.status == 200 and b"kernelId" in opened.body
        cookie = opened.getheader("Set-Cookie").split(";")[0]
        kernel = _kernel_id(opened.body)
        # The cookie the token gave opens the kernel websocket as the page does; without it, no socket.
        ws = websocket.create_connection(f"ws://127.0.0.1:{server.port}/api/kernels/{kernel}/channels?session_id=p",
                                         timeout=10, subprotocols=[V1], header=[f"Cookie: {cookie}"])
        ws.close()
        with pytest.raises(websocket.WebSocketBadStatusException):
            _v1_socket(server.port, kernel)


def test_a_password_server_lets_in_with_the_password_only(tmp_path, login_env):
    from jupyter_server.auth.security import passwd

    login_env.setenv("WORKSHOP_PASSWORD_HASH", passwd("clave-del-taller"))
    with serve(tmp_path, "--ip", "0.0.0.0") as server:
        assert "password" in server.log()
        assert server.get("/", timeout=30).status == 302
        form = server.get("/login", timeout=30)
        xsrf = re.search(r"_xsrf=([^;]+)", form.getheader("Set-Cookie")).group(1)
        for password, status in (("otra-cosa", 401), ("clave-del-taller", 302)):
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
            connection.request("POST", "/login?next=%2F", body=f"_xsrf={xsrf}&password={password}",
                               headers={"Content-Type": "application/x-www-form-urlencoded",
                                        "Cookie": f"_xsrf={xsrf}"})
            response = connection.getresponse()
            response.read()
            assert response.status == status, password
            connection.close()
        assert server.kernels() == []


def test_workshop_password_prints_a_hash_serve_accepts(tmp_path):
    from jupyter_server.auth.security import passwd_check

    from workshop.cli import PASSWORD_HASH

    made = subprocess.run([sys.executable, "-m", "workshop", "--ui", "en", "password"], input="clave-del-taller\n" * 2,
                          capture_output=True, text=True, timeout=60, start_new_session=True)  # no terminal: stdin
    assert made.returncode == 0, made.stderr
    hashed = made.stdout.strip().splitlines()[-1]
    assert PASSWORD_HASH.fullmatch(hashed) and passwd_check(hashed, "clave-del-taller")
    assert not passwd_check(hashed, "clave-del-tallex")
    differ = subprocess.run([sys.executable, "-m", "workshop", "--ui", "es", "password"], input="clave-del-taller\notra\n",
                            capture_output=True, text=True, timeout=60, start_new_session=True)
    assert differ.returncode == 2 and "no coinciden" in differ.stderr and "argon2" not in differ.stdout


# ------------------------------------------------------------------ 6. security headers, no Jupyter behind the app

def _assert_security_headers(response, path: str, ancestors: str = "'none'") -> None:
    policy = response.getheader("Content-Security-Policy") or ""
    assert f"frame-ancestors {ancestors}" in policy and "default-src 'self'" in policy, (path, policy)
    assert "object-src 'none'" in policy and "unsafe-eval" not in policy, (path, policy)
    assert response.getheader("X-Content-Type-Options") == "nosniff", path
    assert response.getheader("Referrer-Policy") == "same-origin", path


def test_every_kind_of_response_carries_the_security_headers(tmp_path):
    with serve(tmp_path, "--max-kernels", "1") as server:
        responses = {"/": server.get("/")}  # the page (it takes the only kernel)
        for path in ("/" + READY_PATH, "/voila/templates/lab/x", "/logout", "/login", "/no/such/page",
                     "/voila/files/../../etc/passwd", "/"):  # the last one: the room is full (503)
            responses[path + (" (full)" if path in responses else "")] = server.get(path, timeout=30)
        responses["foreign host"] = server.get("/", host="attacker.example", timeout=30)
        assert responses["/ (full)"].status == 503 and responses["foreign host"].status == 403
        for path, response in responses.items():
            _assert_security_headers(response, path)
            if "'none'" in response.getheader("Content-Security-Policy"):
                assert response.getheader("X-Frame-Options") == "DENY", path


def test_a_configured_site_may_frame_the_app(tmp_path):
    config = tmp_path / "equipo.yaml"
    config.write_text("frame_ancestors: [https://campus.example.org]\n", encoding="utf-8")
    with serve(tmp_path, "--config", str(config), "--frame-ancestor", "https://lms.example.org:8443") as server:
        response = server.get("/" + READY_PATH)
        _assert_security_headers(response, READY_PATH, "https://campus.example.org https://lms.example.org:8443")
        assert response.getheader("X-Frame-Options") is None  # it would forbid what the policy allows
    refused = _serve_cli("--ui", "en", "serve", "--frame-ancestor", "lms.example.org/page")
    assert refused.returncode == 2 and "not a web origin" in refused.stderr and "Traceback" not in refused.stderr
    config.write_text("frame_ancestors: [\"*\"]\n", encoding="utf-8")
    bad = _serve_cli("--ui", "es", "serve", "--config", str(config))
    assert bad.returncode == 2 and "equipo.yaml, línea 1" in bad.stderr and "orígenes web" in bad.stderr


# What a Jupyter server offers and the served app must not: code execution, files, other notebooks.
JUPYTER_PATHS = [
    "/api/kernels", "/api/kernels?x=1", "/api/kernelspecs", "/api/contents", "/api/contents/notebooks",
    "/api/contents/notebooks/workshop.ipynb", "/api/sessions", "/api/terminals", "/api/config/notebook",
    "/api/nbconvert", "/api/me", "/api/status", "/lab", "/lab/tree/notebooks/workshop.ipynb", "/tree", "/tree/notebooks",
    "/notebooks/workshop.ipynb", "/edit/workshop/serve.py", "/files/notebooks/workshop.ipynb", "/files/pyproject.toml",
    "/voila/render/workshop.ipynb", "/voila/render/notebooks/workshop.ipynb", "/voila/tree", "/voila/files/workshop.ipynb",
    "/voila/files/notebooks/workshop.ipynb", "/workshop.ipynb", "/notebooks/workshop.ipynb?download=1",
    "/view/workshop.ipynb", "/terminals/1", "/nbconvert/html/notebooks/workshop.ipynb",
]


def _unreachable(server: Served, cookie: str = "") -> None:
    for path in JUPYTER_PATHS:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        for method in ("GET", "POST"):
            connection.request(method, path, body=b"{}" if method == "POST" else None,
                               headers={"Cookie": cookie} if cookie else {})
            response = connection.getresponse()
            body = response.read()
            # a 302 here may only send an anonymous visitor to the login page
            assert response.status in (403, 404, 405) or (not cookie and response.status == 302 and
                                                     response.getheader("Location").startswith("/login")), \
                (method, path, response.status)
            assert b'"cells"' not in body and b"kernelspecs" not in body and b'"type": "directory"' not in body, path
            _assert_security_headers(response, path)
        connection.close()


def test_jupyters_rest_api_lab_tree_and_notebook_files_are_not_reachable(tmp_path):
    with serve(tmp_path) as server:
        _unreachable(server)
        assert server.kernels() == [], "a probe started a kernel"


def test_a_logged_in_visitor_cannot_reach_them_either(tmp_path, login_env):
    with serve(tmp_path, "--ip", "0.0.0.0", "--token", TOKEN) as server:
        _unreachable(server)  # anonymous: the login page at most
        opened = server.get(f"/?token={TOKEN}")
        assert opened.status == 200
        _unreachable(server, cookie=opened.getheader("Set-Cookie").split(";")[0])
        # the app's own kernel answers its owner, and only by its id
        kernel = _kernel_id(opened.body)
        cookie = opened.getheader("Set-Cookie").split(";")[0]
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        connection.request("GET", "/api/kernels", headers={"Cookie": cookie})
        listing = connection.getresponse()
        assert listing.status == 404 and kernel.encode() not in listing.read()
        connection.close()


def test_the_apps_websocket_runs_no_code_sent_by_a_visitor(tmp_path):
    """A visitor's page speaks to its kernel over the websocket: widget messages only, never an execute_request."""
    marker = tmp_path / "ran"
    with serve(tmp_path) as server:
        kernel = _kernel_id(server.get("/").body)
        ws = _v1_socket(server.port, kernel)
        try:
            for msg_type, content in (("execute_request", {"code": f"open({str(marker)!r}, 'w').write('x')",
                                                            "silent": False, "store_history": False,
                                                            "user_expressions": {}, "allow_stdin": False,
                                                            "stop_on_error": True}),
                                      ("comm_info_request", {"target_name": "jupyter.widget"})):
                ws.send_binary(_v1_frame("shell", _message(msg_type, content)))
            types = []
            deadline = time.monotonic() + 60
            while "comm_info_reply" not in types and time.monotonic() < deadline:  # the shell answers in order
                with contextlib.suppress(websocket.WebSocketTimeoutException):
                    frame = ws.recv()
                    if isinstance(frame, bytes):
                        types.append(_read_v1_header(frame)["msg_type"])
            assert "comm_info_reply" in types, types
            assert "execute_reply" not in types and "execute_input" not in types
        finally:
            ws.close()
    assert not marker.exists(), "code sent over the app's websocket ran on the server"


def test_only_origins_reach_the_policy():
    from workshop.server import security_headers

    policy = security_headers(["https://lms.example.org", "'self'; script-src *", "https://a.example.org/x"])
    assert policy["Content-Security-Policy"].endswith("frame-ancestors https://lms.example.org")
    assert "script-src *" not in policy["Content-Security-Policy"] and "X-Frame-Options" not in policy
    assert security_headers(["* ; x"])["X-Frame-Options"] == "DENY"
