"""Render one sample's findings as highlighted HTML and screenshot it with headless Chromium.

    .venv/bin/python docs/screenshot.py   ->  docs/screenshot.png
"""
import html
import subprocess
import tempfile
from pathlib import Path

import workshop

COLORS = {"filler": "#ffe08a", "repetition": "#c9e4ff", "redundancy": "#ffd1dc", "wordy": "#ffc58f",
          "long-sentence": "#e6e6e6", "complex-word": "#d9c8ff", "formal": "#b8f0d8", "negative": "#ffb3b3",
          "closed-question": "#bfe7f5", "missing-empathy": "#f7c6f0"}


def marked(text, findings):
    out, pos = [], 0
    for f in sorted(findings, key=lambda f: f.start):
        if f.start < pos:
            continue
        out.append(html.escape(text[pos:f.start]))
        out.append(f'<mark style="background:{COLORS[f.category]}" title="{html.escape(f.message)}">'
                   f'{html.escape(f.text)}<sub>{f.category}</sub></mark>')
        pos = f.end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def main():
    t = workshop.load("data/transcripts/es-telecom-phone-internet-caido.json")
    result = workshop.analyze(t)
    rows = []
    for i, turn in enumerate(t.turns[:9]):
        fs = [f for f in result.findings if f.turn == i and f.category != "long-sentence"]
        rows.append(f"<p><b>{html.escape(turn.speaker)}</b>: {marked(turn.text, fs)}</p>")
    counts = " · ".join(f'<span style="background:{COLORS[k]}">{k} {v}</span>' for k, v in result.by_category().items() if v)
    page = (f"<html><body style='font:15px sans-serif;max-width:900px;margin:20px'>"
            f"<h2>{html.escape(t.title)}</h2><p>{counts}</p>{''.join(rows)}"
            "<style>sub{font-size:9px;color:#555;margin-left:2px}mark{padding:1px 2px;border-radius:3px}</style>"
            "</body></html>")
    with tempfile.TemporaryDirectory() as tmp:
        page_path = Path(tmp) / "page.html"
        page_path.write_text(page, encoding="utf-8")
        subprocess.run(["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        "--disable-background-networking", "--disable-component-update", "--no-first-run",
                        f"--user-data-dir={tmp}/profile", "--window-size=960,900",
                        f"--screenshot={Path('docs/screenshot.png').resolve()}", page_path.as_uri()],
                       check=True, capture_output=True)


if __name__ == "__main__":
    main()
