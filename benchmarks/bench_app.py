"""How fast the app feels in a real browser (Voilà + Debian's Chromium via Playwright).

    make bench-app        (or: .venv/bin/python benchmarks/bench_app.py --runs 7)

Prints medians over several runs of:
- first render: navigation to the first highlighted transcript, next to the
  same time for a one-widget notebook served by the same Voilà (the floor:
  kernel start and Voilà's own page); target at most 1.5 x the floor;
- keystroke to highlights: from the key that completes a filler in a rewrite
  editor to its finding showing under that editor; target at most 200 ms.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workshop.serve import CHROMIUM, CHROMIUM_FLAGS, VoilaServer  # noqa: E402

APP = "voila/render/notebooks/workshop.ipynb"
FLOOR = "voila/render/benchmarks/floor.ipynb"
FILLER = '.rw-editor >> nth=0 >> .rw-turn-findings mark[data-category="filler"]:visible'


def first_render(browser, url: str, selector: str) -> float:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(selector, timeout=120_000)
    elapsed = time.perf_counter() - start
    context.close()
    return elapsed


def keystrokes(browser, url: str, runs: int) -> list[float]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(".rw-original mark.rw-finding", timeout=120_000)
    editor = page.locator(".rw-editor textarea").first
    times = []
    for _ in range(runs + 1):  # the first round warms up
        editor.click()
        editor.press("Control+a")
        page.keyboard.type("Hola, le ayudo con su pedido e", delay=20)
        page.wait_for_selector(FILLER, state="detached")
        page.wait_for_timeout(400)  # let the kernel settle: measure one keystroke, not a queue of them
        start = time.perf_counter()
        page.keyboard.press("h")  # "… pedido eh": the filler is complete
        page.wait_for_selector(FILLER, timeout=10_000)
        times.append(time.perf_counter() - start)
    context.close()
    return times[1:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with VoilaServer(None) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        first_render(browser, server.url + FLOOR, ".floor-ready")  # warm caches once, as a user's second visit
        first_render(browser, server.url + APP, ".rw-original mark.rw-finding")
        floor, app = [], []
        for _ in range(args.runs):  # interleaved, so machine noise hits both alike
            floor.append(first_render(browser, server.url + FLOOR, ".floor-ready"))
            app.append(first_render(browser, server.url + APP, ".rw-original mark.rw-finding"))
        keys = keystrokes(browser, server.url + APP, args.runs * 2)
        browser.close()
    f, a, k = statistics.median(floor), statistics.median(app), statistics.median(keys)
    print(f"first render, one-widget floor  : median {f:.2f} s  (runs: {', '.join(f'{x:.2f}' for x in floor)})")
    print(f"first render, workshop app      : median {a:.2f} s  (runs: {', '.join(f'{x:.2f}' for x in app)})")
    print(f"app / floor                     : {a / f:.2f}  (target <= 1.5)")
    print(f"keystroke to highlights         : median {k * 1000:.0f} ms, worst {max(keys) * 1000:.0f} ms "
          f"over {len(keys)}  (target <= 200 ms)")


if __name__ == "__main__":
    main()
