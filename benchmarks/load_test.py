"""Many people at once: N sessions against one `workshop serve` on this machine.

    .venv/bin/python benchmarks/load_test.py 1 5 10                    # N browsers (Chromium)
    .venv/bin/python benchmarks/load_test.py 1 5 10 --clients protocol # N clients speaking Jupyter's protocol
    .venv/bin/python benchmarks/load_test.py 10 --pool 2               # fewer kernels started ahead
    .venv/bin/python benchmarks/load_test.py 5 --hub                   # N people in Chromium through JupyterHub

For each N, a fresh server (its own sessions folder, `--pool` kernels started
ahead, N by default, and left to finish starting), then N sessions at once,
each: open the app, start a session, type a rewrite, then one more keystroke
that completes a filler. Prints, per N: time to first render (median and
worst), keystroke-to-highlight latency (median and worst), the memory of each
kernel, whether every session's text was saved, and where the machine's CPU
went (the server and its kernels, or the clients).

Two kinds of client:
- `browser`: Debian's Chromium through Playwright, one context per person.
  Render = the first highlighted finding is on screen.
- `protocol`: what a browser asks of the server, without a browser: the page,
  every static file a real Chromium fetched for it (recorded from one page
  load first), the kernel websocket (Jupyter's v1 binary protocol), the
  widget states, then the same clicks and keystrokes as widget messages.
  Render = the page, its files and every widget's state have arrived.
  On this 2-core machine ten Chromiums need several times the CPU of the
  server itself, so this is how the server's own capacity is measured: in a
  real team each person's browser runs on their own computer.
- `--hub`: Chromium pages through a real JupyterHub on docs/jupyterhub_config.py
  (workshop.serve.HubServer): each person logs in, their own server starts, the app renders,
  they start a session and type; every server saves into one shared store.
  Render = from the login click to the first highlighted finding.
Target: with 10 sessions on 2 cores, all render within 10 s and all is saved; 25 protocol clients
on one server (pool 25) all render and save.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workshop.serve import CHROMIUM, CHROMIUM_FLAGS, free_port, wait_until_ready  # noqa: E402
from workshop.sessions import SessionStore  # noqa: E402

TEXT = "Hola, soy Ana. Le cuento que su pedido llega el lunes"
FILLER = '.rw-editor >> nth=0 >> .rw-turn-findings mark[data-category="filler"]:visible'
TIMEOUT = 120  # seconds any one step may take before the session counts as failed
CLOCK = os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------- the machine, from /proc (Linux only)

def processes() -> dict[int, tuple[int, float, float, bytes]]:
    """pid -> (parent pid, CPU seconds of it and its ended children, resident MB, command line)."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            status = (stat.parent / "status").read_text()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        rss = re.search(r"VmRSS:\s+(\d+)", status)
        # utime + stime, plus cutime + cstime: the CPU of children that ended (a closed tab's kernel)
        found[int(stat.parent.name)] = (int(fields[1]), sum(int(f) for f in fields[11:15]) / CLOCK,
                                        int(rss.group(1)) / 1024 if rss else 0.0, cmdline)
    return found


def below(pid: int, root: int, table: dict) -> bool:
    while pid > 1:
        pid = table.get(pid, (0,))[0]
        if pid == root:
            return True
    return False


def kernel_memory_mb(server_pid: int) -> dict[int, float]:
    """Resident memory of each kernel started by the server, by pid."""
    table = processes()
    return {pid: rss for pid, (_, _, rss, cmd) in table.items()
            if b"ipykernel_launcher" in cmd and below(pid, server_pid, table)}


async def watch_memory(server_pid: int, peaks: dict[int, float]) -> None:
    """Keep each kernel's largest resident memory while the sessions run."""
    while True:
        for pid, rss in kernel_memory_mb(server_pid).items():
            peaks[pid] = max(rss, peaks.get(pid, 0.0))
        await asyncio.sleep(0.5)


def server_cpu(server_pid: int) -> float:
    """CPU seconds used so far by the server and its kernels, ended ones included."""
    table = processes()
    return sum(cpu for pid, (_, cpu, _, _) in table.items() if pid == server_pid or below(pid, server_pid, table))


def machine_cpu() -> float:
    """CPU seconds the whole machine has been busy since boot (/proc/stat, all cores)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(values) - values[3] - values[4]) / CLOCK


def settle(server: subprocess.Popen, pool: int, timeout: float | None = None) -> None:
    """Wait until the pool's kernels are up and the machine is quiet: a server that has been up a while."""
    timeout = timeout or max(180.0, 10.0 * pool)  # a kernel start is 1.5-2 s of CPU; 25 on 2 cores take a while
    deadline = time.monotonic() + timeout
    before = machine_cpu()
    while time.monotonic() < deadline:
        time.sleep(2)
        now = machine_cpu()
        if len(kernel_memory_mb(server.pid)) >= pool and now - before < 0.4:
            return
        before = now
    raise TimeoutError(f"the pool of {pool} kernels was not ready within {timeout} s")


# ---------------------------------------------------------------- browser clients

async def browser_user(browser, url: str, n: int, results: dict) -> None:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    page.set_default_timeout(TIMEOUT * 1000)
    try:
        start = time.perf_counter()
        await page.goto(url)
        await page.wait_for_selector(".rw-original mark.rw-finding")
        results["render"].append(time.perf_counter() - start)
        await session_and_rewrite(page, n, results)
    finally:
        await context.close()


async def hub_user(browser, hub, n: int, results: dict) -> None:
    """One person through JupyterHub: log in as load-N, wait for their own server and the app, then as above.
    Render = from the login click to the first highlighted finding (their server starts in between)."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    page.set_default_timeout(TIMEOUT * 1000)
    try:
        await page.goto(hub.url + "hub/login")
        await page.fill("#username_input", f"load-{n}")
        await page.fill("#password_input", hub.password)
        start = time.perf_counter()
        await page.click("#login_submit")
        await page.wait_for_selector(".rw-original mark.rw-finding")
        results["render"].append(time.perf_counter() - start)
        await session_and_rewrite(page, n, results, signed_in=True)
    finally:
        await context.close()


async def session_and_rewrite(page, n: int, results: dict, signed_in: bool = False) -> None:
    """Start a session as agent load-N (under the Hub the agent is the Hub's user already), type, close the tab."""
    await page.locator(".rw-app .jupyter-widget-Collapse-header", has_text=re.compile("Sesión|Session")).first.click()
    await page.locator(".rw-lead input").fill("Laura")
    if not signed_in:
        await page.locator(".rw-agent input").fill(f"load-{n}")
    await page.locator(".rw-start-session").click()
    await page.wait_for_selector(".rw-saved .rw-status-saved")
    editor = page.locator(".rw-rewrite textarea").first
    await editor.click()
    await editor.press("Control+a")
    await page.keyboard.type(TEXT + " e", delay=25)
    await page.wait_for_timeout(500)
    start = time.perf_counter()
    await page.keyboard.press("h")  # "... lunes eh": a filler
    await page.wait_for_selector(FILLER)
    results["keystroke"].append(time.perf_counter() - start)
    await page.wait_for_timeout(300)
    await page.close(run_before_unload=True)  # as a person closes the tab: Voilà shuts the kernel down


async def record_static(browser, url: str) -> list[str]:
    """The static files one real page load fetches (scripts, styles, fonts), in order."""
    page = await browser.new_page()
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url) if r.resource_type in ("script", "stylesheet", "font") else None)
    await page.goto(url)
    await page.wait_for_selector(".rw-original mark.rw-finding")
    await page.close(run_before_unload=True)  # its kernel is shut down, as for any closed tab
    return list(dict.fromkeys(u for u in urls if u.startswith(url)))


# ---------------------------------------------------------------- protocol clients

def pack(channel: str, msg_type: str, content: dict, session: str, metadata: dict | None = None) -> bytes:
    """One message in jupyter_server's `v1.kernel.websocket.jupyter.org` framing: a count of
    offsets, the offsets (little-endian uint64), then channel, header, parent, metadata, content."""
    header = {"msg_id": str(uuid.uuid4()), "msg_type": msg_type, "username": "load", "session": session,
              "date": "2026-01-01T00:00:00Z", "version": "5.3"}
    parts = [channel.encode()] + [json.dumps(x).encode() for x in (header, {}, metadata or {}, content)]
    offsets = [8 * (len(parts) + 2)]
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    return struct.pack(f"<{len(offsets) + 1}Q", len(offsets), *offsets) + b"".join(parts)


def unpack(frame: bytes) -> tuple[str, dict]:
    """(msg_type, content) of a v1 frame."""
    count = struct.unpack_from("<Q", frame)[0]
    offsets = struct.unpack_from(f"<{count}Q", frame, 8)
    header, content = frame[offsets[1]:offsets[2]], frame[offsets[4]:offsets[5]]
    return json.loads(header)["msg_type"], json.loads(content)


class Kernel:
    """One person's websocket to their kernel, speaking the widget protocol as the page would."""

    def __init__(self, connection, session: str):
        self.connection, self.session = connection, session
        self.alerts: list[str] = []  # error messages the app showed this person

    async def send(self, msg_type: str, content: dict, metadata: dict | None = None) -> None:
        await self.connection.write_message(pack("shell", msg_type, content, self.session, metadata), binary=True)

    async def until(self, wanted) -> dict:
        """Read messages until `wanted(msg_type, content)` is true; returns that content."""
        while True:
            frame = await asyncio.wait_for(self.connection.read_message(), TIMEOUT)
            if frame is None:
                raise ConnectionError("the server closed the websocket")
            msg_type, content = unpack(frame)
            value = str(content.get("data", {}).get("state", {}).get("value", "")) if msg_type == "comm_msg" else ""
            if 'class="rw-msg rw-error"' in value:
                self.alerts.append(" ".join(re.sub(r"<[^>]+>", " ", value).split()))
            if wanted(msg_type, content):
                return content

    async def update(self, model: str, state: dict) -> None:
        await self.send("comm_msg", {"comm_id": model, "data": {"method": "update", "state": state, "buffer_paths": []}})

    async def click(self, model: str) -> None:
        await self.send("comm_msg", {"comm_id": model, "data": {"method": "custom", "content": {"event": "click"}}})


def shown(needle: str):
    """A test for `Kernel.until`: the kernel updates a widget's value to one holding `needle`."""
    def wanted(msg_type: str, content: dict) -> bool:
        data = content.get("data", {}) if msg_type == "comm_msg" else {}
        return data.get("method") == "update" and needle in str(data.get("state", {}).get("value", ""))
    return wanted


async def protocol_user(base: str, files: list[str], n: int, results: dict) -> None:
    from tornado.httpclient import AsyncHTTPClient
    from tornado.websocket import websocket_connect

    http = AsyncHTTPClient(force_instance=True)
    start = time.perf_counter()
    page = await http.fetch(base, request_timeout=TIMEOUT)
    html = page.body.decode()
    found = re.search(r'"kernelId":\s*"([^"]+)"', html)
    if not found:
        raise RuntimeError(f"no kernel in the page: {html[-300:]!r}")
    kernel_id = found.group(1)
    lanes = asyncio.Semaphore(6)  # a browser's connections per host

    async def get(url: str) -> None:
        async with lanes:
            await http.fetch(url, request_timeout=TIMEOUT)

    await asyncio.gather(*(get(url) for url in files))
    session = str(uuid.uuid4())
    ws = base.replace("http", "ws", 1) + f"api/kernels/{kernel_id}/channels?session_id={session}"
    kernel = Kernel(await websocket_connect(ws, subprotocols=["v1.kernel.websocket.jupyter.org"]), session)
    try:
        await kernel.send("kernel_info_request", {})
        control = str(uuid.uuid4())
        await kernel.send("comm_open", {"comm_id": control, "target_name": "jupyter.widget.control", "data": {}},
                          {"version": "1.0.0"})
        await kernel.send("comm_msg", {"comm_id": control, "data": {"method": "request_states"}})
        reply = await kernel.until(lambda t, c: t == "comm_msg" and c["data"].get("method") == "update_states")
        results["render"].append(time.perf_counter() - start)
        await kernel.send("comm_close", {"comm_id": control, "data": {}})
        models = {}
        for model_id, model in reply["data"]["states"].items():
            for css in model["state"].get("_dom_classes", ()):
                models.setdefault(css, model_id)
        await kernel.update(models["rw-lead"], {"value": "Laura"})
        await kernel.update(models["rw-agent"], {"value": f"load-{n}"})
        await kernel.click(models["rw-start-session"])
        await kernel.until(shown('<span class="rw-status-saved">'))
        editor = models["rw-editor-0"]
        typed = ""
        for char in TEXT + " e":  # one update per keystroke, as a textarea with continuous_update sends
            typed += char
            await kernel.update(editor, {"value": typed})
            await asyncio.sleep(0.025)
        await asyncio.sleep(0.5)
        keystroke = time.perf_counter()
        await kernel.update(editor, {"value": typed + "h"})
        await kernel.until(shown('data-category="filler"'))
        results["keystroke"].append(time.perf_counter() - keystroke)
        await asyncio.sleep(0.3)
    finally:
        kernel.connection.close()
        results.setdefault("alerts", []).extend(kernel.alerts)
    # The tab closes: the page's beforeunload beacon asks Voilà to shut the kernel down.
    form = f"_xsrf={uuid.uuid4().hex}"  # a cookie and a form field that agree, as the page's beacon sends
    await http.fetch(f"{base}voila/api/shutdown/{kernel_id}", method="POST", body=form, request_timeout=TIMEOUT,
                     headers={"Cookie": form, "Content-Type": "application/x-www-form-urlencoded"})
    http.close()


# ---------------------------------------------------------------- one run

async def run(n: int, clients: str, pool: int) -> dict:
    from playwright.async_api import async_playwright

    data = Path(tempfile.mkdtemp(prefix="workshop-load-"))
    port = free_port()
    env = {**os.environ, "WORKSHOP_DATA": str(data)}
    extra = 1 if clients == "protocol" else 0  # the page load that records the static files
    server = subprocess.Popen([sys.executable, "-m", "workshop", "serve", "--port", str(port),
                               "--pool", str(pool + extra),
                               # every one of the N sessions must get in: the room's cap is not what is measured
                               "--max-kernels", str(max(12, n + extra))],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_ready(port, 60, server)
        settle(server, pool + extra)
        results: dict = {"render": [], "keystroke": []}
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
            if clients == "protocol":
                files = await record_static(browser, url)
                await browser.close()
                settle(server, pool)
            cpu_machine, cpu_server, cpu_self = machine_cpu(), server_cpu(server.pid), time.process_time()
            users = ([protocol_user(url, files, i, results) for i in range(n)] if clients == "protocol"
                     else [browser_user(browser, url, i, results) for i in range(n)])
            pool_kernels = set(kernel_memory_mb(server.pid))
            peaks: dict[int, float] = {}
            watcher = asyncio.create_task(watch_memory(server.pid, peaks))
            outcome = await asyncio.gather(*users, return_exceptions=True)
            watcher.cancel()
            cpu_machine, cpu_server = machine_cpu() - cpu_machine, server_cpu(server.pid) - cpu_server
            cpu_self = time.process_time() - cpu_self
            memory = [rss for pid, rss in peaks.items() if pid in pool_kernels]  # the kernels people used
            if clients == "browser":
                await browser.close()
    finally:
        server.terminate()  # as a service is stopped: its kernels shut down, saving as they exit
        server.wait(60)
    errors = [o for o in outcome if isinstance(o, BaseException)]
    store = SessionStore(data)
    texts = {i: [store.snapshot(s.id).rewrite.get(0, "") for s in store.sessions(agent=f"load-{i}")]
             for i in range(n)}
    lost = {i: t for i, t in texts.items() if TEXT + " eh" not in t}
    if lost:
        print("  sessions in the store:", [(s.agent, s.revision) for s in store.sessions()], flush=True)
    return {"n": n, **results, "errors": errors, "saved": n - len(lost), "lost": lost, "memory": memory,
            "cpu_server": cpu_server, "cpu_clients": max(cpu_machine - cpu_server, 0.0), "cpu_self": cpu_self}


async def run_hub(n: int) -> dict:
    """N people through docs/jupyterhub_config.py (workshop.serve.HubServer): each logs in, gets their own
    server, types a rewrite; every server saves into one shared store (SQLite here; PostgreSQL for a team)."""
    from playwright.async_api import async_playwright

    from workshop.serve import HubServer

    folder = Path(tempfile.mkdtemp(prefix="workshop-hub-load-"))
    url = f"sqlite:///{folder / 'sessions.sqlite3'}"
    results: dict = {"render": [], "keystroke": []}
    with HubServer(folder / "hub", env={"WORKSHOP_SESSIONS_URL": url}) as hub:
        time.sleep(5)  # the idle culler's first look and the proxy's start are not the users' load
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
            cpu_machine, cpu_server, cpu_self = machine_cpu(), server_cpu(hub.process.pid), time.process_time()
            peaks: dict[int, float] = {}
            watcher = asyncio.create_task(watch_memory(hub.process.pid, peaks))
            outcome = await asyncio.gather(*[hub_user(browser, hub, i, results) for i in range(n)],
                                           return_exceptions=True)
            watcher.cancel()
            cpu_machine, cpu_server = machine_cpu() - cpu_machine, server_cpu(hub.process.pid) - cpu_server
            cpu_self = time.process_time() - cpu_self
            await browser.close()
    errors = [o for o in outcome if isinstance(o, BaseException)]
    store = SessionStore(url=url)
    texts = {i: [store.snapshot(s.id).rewrite.get(0, "") for s in store.sessions(agent=f"load-{i}")]
             for i in range(n)}
    lost = {i: t for i, t in texts.items() if not any(TEXT + " eh" in x for x in t)}
    store.close()
    return {"n": n, **results, "errors": errors, "saved": n - len(lost), "lost": lost, "memory": list(peaks.values()),
            "cpu_server": cpu_server, "cpu_clients": max(cpu_machine - cpu_server, 0.0), "cpu_self": cpu_self}


async def floor(n: int) -> list[float]:
    """The same concurrency against plain Voilà serving a one-widget notebook: what any app costs here."""
    from playwright.async_api import async_playwright

    from workshop.serve import VoilaServer

    async def one(browser, url, out):
        context = await browser.new_context()
        page = await context.new_page()
        page.set_default_timeout(TIMEOUT * 1000)
        start = time.perf_counter()
        await page.goto(url)
        await page.wait_for_selector(".floor-ready")
        out.append(time.perf_counter() - start)
        await context.close()

    times: list[float] = []
    with VoilaServer(None) as server:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
            await asyncio.gather(*[one(browser, server.url + "voila/render/benchmarks/floor.ipynb", times)
                                   for _ in range(n)])
            await browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1, 5, 10])
    parser.add_argument("--clients", choices=("browser", "protocol"), default="browser")
    parser.add_argument("--pool", type=int, help="kernels started ahead (workshop serve --pool); default: N")
    parser.add_argument("--floor", action="store_true", help="also time N one-widget pages on plain Voilà")
    parser.add_argument("--hub", action="store_true",
                        help="N people in Chromium through JupyterHub (docs/jupyterhub_config.py), each on their own server")
    args = parser.parse_args()
    if args.floor:
        for n in args.sizes:
            times = asyncio.run(floor(n))
            print(f"floor {n:>3} pages: first render median {statistics.median(times):.2f} s, worst {max(times):.2f} s")
    print("clients: Chromium through JupyterHub (pool: none, each user's server starts at login)" if args.hub
          else f"clients: {args.clients}")
    print("   N | pool | first render median / worst | keystroke median / worst | kernel MB median (peak) | saved "
          "| CPU s: server / clients")
    for n in args.sizes:
        pool = n if args.pool is None else args.pool
        pool = 0 if args.hub else pool
        r = asyncio.run(run_hub(n) if args.hub else run(n, args.clients, pool))
        nan = [float("nan")]
        render, keys, memory = r["render"] or nan, r["keystroke"] or nan, r["memory"] or nan
        print(f"{n:>4} | {pool:>4} | {statistics.median(render):6.2f} s / {max(render):6.2f} s      | "
              f"{statistics.median(keys) * 1000:5.0f} ms / {max(keys) * 1000:5.0f} ms     | "
              f"{statistics.median(memory):15.0f} ({max(memory):.0f}) | {r['saved']:>2}/{n:<2} | "
              f"{r['cpu_server']:5.1f} / {r['cpu_clients']:5.1f} (this script {r['cpu_self']:.1f})"
              + (f"  errors: {[(str(e).splitlines() or [repr(e)])[-1][:100] for e in r['errors']]}"
                 if r["errors"] else "")
              + (f"  not saved (what the store holds): {r['lost']}" if r["lost"] else "")
              + (f"  alerts: {r['alerts']}" if r.get("alerts") else ""), flush=True)


if __name__ == "__main__":
    main()
