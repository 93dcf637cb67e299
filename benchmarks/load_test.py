"""Many people at once: N browser sessions against one `workshop serve` on this machine.

    .venv/bin/python benchmarks/load_test.py 1 5 10

For each N, a fresh server (its own sessions folder), then N Chromium pages at
once, each: open the app, start a session, type a rewrite, then one more
keystroke that completes a filler. Prints, per N: time to first render
(median and worst), keystroke-to-highlight latency (median and worst), the
memory of each kernel, and whether every session's text was saved.
Target: with 10 sessions on 2 cores, all render within 10 s and all is saved.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workshop.serve import CHROMIUM, CHROMIUM_FLAGS, free_port, wait_until_ready  # noqa: E402
from workshop.sessions import SessionStore  # noqa: E402

POOL = int(os.environ.get("WORKSHOP_POOL", "2"))  # kernels started ahead (workshop serve --pool)
TEXT = "Hola, soy Ana. Le cuento que su pedido llega el lunes"
FILLER = '.rw-editor >> nth=0 >> .rw-turn-findings mark[data-category="filler"]:visible'


def kernel_memory_mb(server_pid: int) -> list[float]:
    """Resident memory of each kernel below the server process (read from /proc, Linux only)."""
    parents, rss, kernels = {}, {}, set()
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            pid = int(status.parent.name)
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
            parents[pid] = int(fields["PPid"])
            rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0]) / 1024
            if b"ipykernel_launcher" in (status.parent / "cmdline").read_bytes():
                kernels.add(pid)
        except (OSError, ValueError, KeyError):
            continue

    def below_server(pid: int) -> bool:
        while pid > 1:
            pid = parents.get(pid, 0)
            if pid == server_pid:
                return True
        return False

    return [rss[pid] for pid in kernels if below_server(pid)]


async def one_user(browser, url: str, n: int, results: dict) -> None:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    page.set_default_timeout(120_000)
    start = time.perf_counter()
    await page.goto(url)
    await page.wait_for_selector(".rw-original mark.rw-finding")
    results["render"].append(time.perf_counter() - start)
    await page.locator(".rw-app .jupyter-widget-Collapse-header", has_text=re.compile("Sesión|Session")).first.click()
    await page.locator(".rw-lead input").fill("Laura")
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
    await page.wait_for_selector(".rw-saved .rw-status-saved")
    await page.wait_for_timeout(1500)  # autosave: within about a second
    await context.close()


async def run(n: int) -> dict:
    from playwright.async_api import async_playwright

    data = Path(tempfile.mkdtemp(prefix="workshop-load-"))
    port = free_port()
    env = {**os.environ, "WORKSHOP_DATA": str(data)}
    server = subprocess.Popen([sys.executable, "-m", "workshop", "serve", "--port", str(port), "--pool", str(POOL)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_ready(port, 60, server)
        time.sleep(4 + 2.5 * POOL)  # let the preheated pool fill, as on a server that has been up a while
        results: dict = {"render": [], "keystroke": []}
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
            users = [one_user(browser, f"http://127.0.0.1:{port}/", i, results) for i in range(n)]
            outcome = await asyncio.gather(*users, return_exceptions=True)
            memory = kernel_memory_mb(server.pid)
            await browser.close()
        errors = [o for o in outcome if isinstance(o, Exception)]
        store = SessionStore(data)
        saved = sum(1 for i in range(n) for s in store.sessions(agent=f"load-{i}")
                    if TEXT + " eh" in store.snapshot(s.id).rewrite.values())
        return {"n": n, **results, "errors": errors, "saved": saved, "memory": memory}
    finally:
        server.terminate()
        server.wait(30)


async def floor(n: int) -> list[float]:
    """The same concurrency against plain Voilà serving a one-widget notebook: what any app costs here."""
    from playwright.async_api import async_playwright

    from workshop.serve import VoilaServer

    async def one(browser, url, out):
        context = await browser.new_context()
        page = await context.new_page()
        page.set_default_timeout(120_000)
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
    parser.add_argument("--floor", action="store_true", help="also time N one-widget pages on plain Voilà")
    args = parser.parse_args()
    if args.floor:
        for n in args.sizes:
            times = asyncio.run(floor(n))
            print(f"floor {n:>3} pages: first render median {statistics.median(times):.2f} s, worst {max(times):.2f} s")
    print("   N | first render median / worst | keystroke median / worst | kernel MB (median) | saved")
    for n in args.sizes:
        r = asyncio.run(run(n))
        render, keys, memory = r["render"] or [float("nan")], r["keystroke"] or [float("nan")], r["memory"]
        print(f"{n:>4} | {statistics.median(render):6.2f} s / {max(render):6.2f} s      | "
              f"{statistics.median(keys) * 1000:5.0f} ms / {max(keys) * 1000:5.0f} ms     | "
              f"{statistics.median(memory) if memory else float('nan'):8.0f} ({len(memory)} kernels) | "
              f"{r['saved']}/{n}" + (f"  errors: {[str(e).splitlines()[-1][:100] for e in r['errors']]}"
                                     if r["errors"] else ""))


if __name__ == "__main__":
    main()
