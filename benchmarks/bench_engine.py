"""Engine speed: full analysis of 500-word transcripts, batch throughput, import time.

    make bench            (or: .venv/bin/python benchmarks/bench_engine.py [--runs 50])

Targets (issue: core engine): ≤ 5 ms median per 500-word transcript, ≥ 200
transcripts per second per core in batch, `import workshop` < 0.5 s.
Issue 11 (Engine v2, speed): load + analyze of a never-seen 500-word transcript ≤ 3 ms
in each language, ≥ 4× faster than proselint linting the same English text
(`make bench` installs the `bench` extra, proselint, when it is missing), live edit ≤ 1 ms.
Each figure is the median of `--runs` runs; `--rounds` (3) repeats the analysis and proselint figures and
reports the lowest, as issue 11 measures them. Three analysis figures, because the app re-analyses on every edit:
- "new text": `workshop.load` of the turns plus `workshop.analyze`, every per-text cache
  cleared before each run (a transcript never seen, every turn new);
- "cold": all caches cleared, word-level ones too (stems, lemmas, match keys, syllables): first contact;
- "live edit": one agent turn changed per run, as when typing in the app.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import workshop  # noqa: E402
from workshop import words  # noqa: E402
from workshop.engine import match  # noqa: E402
from workshop.engine import text as wtext  # noqa: E402
from workshop.engine.rules import get_pack  # noqa: E402
from workshop.engine import varieties as wvarieties  # noqa: E402
from workshop.engine.varieties import VARIETIES, variety_path  # noqa: E402


def turns_of(lang: str, words: int = 500) -> list[dict]:
    """Turns from the library's samples in `lang`, up to `words` words, as `workshop.load` takes them."""
    turns = []
    total = 0
    for sample in workshop.samples(language=lang):
        for turn in sample.turns:
            if total + turn.words > words:
                continue
            turns.append({"speaker": turn.speaker, "text": turn.text})
            total += turn.words
    return turns


def transcript_of(lang: str, words: int = 500) -> workshop.Transcript:
    """Turns from the library's samples in `lang`, up to `words` words, agent and customer alternating."""
    return workshop.load(turns_of(lang, words), lang=lang)


def clear_text_caches() -> None:
    # Every pack an analysis may use: the base ones and the varieties' (a transcript in a detected
    # variety is analysed with that variety's pack, whose turn cache would otherwise stay warm).
    for lang, varieties in VARIETIES.items():
        get_pack(lang).cache.clear()
        for variety in varieties:
            get_pack(lang, (str(variety_path(variety)),)).cache.clear()
    words.tokenize.cache_clear()
    wvarieties._turn_markers.cache_clear()
    wtext.sentence_spans.cache_clear()


def clear_all_caches() -> None:
    clear_text_caches()
    wtext.stem.cache_clear()
    wtext.lemma_keys.cache_clear()
    wtext.match_keys.cache_clear()
    wtext.syllables.cache_clear()
    match._CLOSENESS.clear()


def median_ms(fn, runs: int, before=None) -> float:
    times = []
    for i in range(runs):
        if before:
            before(i)
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_analysis(runs: int) -> dict:
    out = {}
    for lang in ("es", "en"):
        turns = turns_of(lang)
        t = workshop.load(turns, lang=lang)
        workshop.analyze(t)  # warm: packs loaded, modules imported
        agent = next(i for i, turn in enumerate(t.turns) if turn.role == "agent")
        edits = [t.with_texts({agent: t.turns[agent].text + " " + "x" * (i % 7 + 1)}) for i in range(runs)]
        out[lang] = {
            "words": t.words,
            "new_text_ms": median_ms(lambda: workshop.analyze(workshop.load(turns, lang=lang)), runs,
                                     lambda i: clear_text_caches()),
            "cold_ms": median_ms(lambda: workshop.analyze(t), max(5, runs // 5), lambda i: clear_all_caches()),
            "live_edit_ms": _live(edits),
        }
    return out


def _live(edits) -> float:
    times = []
    for edited in edits:
        start = time.perf_counter()
        workshop.analyze(edited)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_batch(copies: int) -> dict:
    """Analyse a folder of distinct files: each sample copied with a unique number ending every turn."""
    folder = Path(tempfile.mkdtemp(prefix="workshop-bench-"))
    try:
        n = 0
        for path in sorted((ROOT / "data" / "transcripts").glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            for c in range(copies):
                data_c = dict(data, turns=[dict(t, text=f"{t['text']} {c}{i:02d}") for i, t in enumerate(data["turns"])])
                (folder / f"{path.stem}-{c}.json").write_text(json.dumps(data_c, ensure_ascii=False), encoding="utf-8")
                n += 1
        files = sorted(folder.glob("*.json"))
        clear_all_caches()
        start = time.perf_counter()
        for f in files:
            workshop.analyze(f)
        elapsed = time.perf_counter() - start
        return {"files": n, "seconds": round(elapsed, 3), "per_second": round(n / elapsed, 1)}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@cache  # set up once: registering proselint's checks again would run each of them twice
def _proselint():
    try:
        from proselint.tools import LintFile
    except ImportError:
        return None
    try:  # proselint ≥ 0.14: checks are registered explicitly, as its command line does
        from proselint.checks import __register__
        from proselint.registry import CheckRegistry

        CheckRegistry().register_many(__register__)

        def lint(text):
            return LintFile("<bench>", text).lint()
    except ImportError:  # older versions: proselint.tools.lint(text)
        from proselint.tools import lint
    return lint


def bench_proselint(runs: int) -> dict | None:
    """proselint's lint of the same 500-word English text as bench_analysis, warm (first call discarded)."""
    lint = _proselint()
    if lint is None:
        return None
    from importlib.metadata import version as installed_version

    text = "\n".join(t["text"] for t in turns_of("en"))
    lint(text)
    return {"version": installed_version("proselint"), "proselint_ms": median_ms(lambda: lint(text), runs)}


def bench_import(runs: int = 7) -> float:
    code = "import time; t = time.perf_counter(); import workshop; print(time.perf_counter() - t)"
    times = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                  cwd=ROOT).stdout) for _ in range(runs)]
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of the analysis and proselint figures; the lowest is the one reported "
                             "(issue 11 measures the lowest of three: this machine is shared and noisy)")
    parser.add_argument("--copies", type=int, default=40, help="copies of each sample in the batch folder")
    args = parser.parse_args()
    rounds = []
    for r in range(max(1, args.rounds)):
        analysis, prose = bench_analysis(args.runs), bench_proselint(args.runs)
        rounds.append((analysis, prose))
        figures = "   ".join(f"{lang} {a['new_text_ms']:.2f} / {a['live_edit_ms']:.2f} ms" for lang, a in analysis.items())
        ratio = (f"   proselint {prose['proselint_ms']:.2f} ms = {prose['proselint_ms'] / analysis['en']['new_text_ms']:.1f}×"
                 if prose else "")
        print(f"round {r + 1}: new text / live edit {figures}{ratio}")
    print(f"Full analysis, lowest of {len(rounds)} rounds of the median of {args.runs} runs (targets: new text = "
          f"load + analyze ≤ 3 ms, live edit ≤ 1 ms per 500-word transcript):")
    for lang in rounds[0][0]:
        low = {k: min(a[lang][k] for a, _ in rounds) for k in ("new_text_ms", "live_edit_ms", "cold_ms")}
        print(f"  {lang}: {rounds[0][0][lang]['words']} words   new text (load + analyze) {low['new_text_ms']:.2f} ms   "
              f"live edit {low['live_edit_ms']:.2f} ms   cold (all caches cleared) {low['cold_ms']:.2f} ms")
    proses = [p for _, p in rounds if p is not None]
    if not proses:
        print("proselint: not installed (pip install -e '.[bench]'), no comparison")
    else:
        # Each side's lowest median over the rounds (ours: the English new-text figure above): both at their best.
        theirs, ours = min(p["proselint_ms"] for p in proses), min(a["en"]["new_text_ms"] for a, _ in rounds)
        print(f"proselint {proses[0]['version']} on the same English text: {theirs:.2f} ms warm, "
              f"ours (load + analyze, new text) {ours:.2f} ms = {theirs / ours:.1f}× faster (target ≥ 4×)")
    batch = bench_batch(args.copies)
    print(f"Batch: {batch['files']} distinct files in {batch['seconds']} s = {batch['per_second']} transcripts/s "
          f"on one core (target ≥ 200)")
    print(f"import workshop: {bench_import() * 1000:.0f} ms median (target < 500 ms)")


if __name__ == "__main__":
    main()
