"""Validate every transcript of the evaluation set and print a summary.

    python benchmarks/eval/check.py [FOLDER]

Exit status 1 when any file has an error (warnings are printed but pass).
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evalset import CATEGORIES, CHANNELS, LANGUAGES, TRANSCRIPTS, VARIETIES, count_words, files, validate  # noqa: E402


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else TRANSCRIPTS
    paths = files(folder)
    if not paths:
        print(f"no .json files in {folder}")
        return 1
    bad = 0
    per_variety: Counter = Counter()
    per_channel: Counter = Counter()
    controls: Counter = Counter()
    per_cat: Counter = Counter()
    words: Counter = Counter()
    for path in paths:
        data, errors, warnings = validate(path)
        for w in warnings:
            print(f"warning {path.name}: {w}")
        for e in errors:
            print(f"ERROR   {path.name}: {e}")
        if errors:
            bad += 1
            continue
        lang = data["language"]
        per_variety[(lang, data["variety"])] += 1
        per_channel[(lang, data["channel"])] += 1
        controls[lang] += bool(data["control"])
        words[lang] += sum(count_words(t["text"]) for t in data["turns"])
        for a in data.get("annotations", []):
            per_cat[(lang, a["category"])] += 1
    print()
    print(f"{len(paths)} files, {len(paths) - bad} valid, {bad} with errors")
    print()
    print(f"{'':14}" + "".join(f"{lang:>6}" for lang in LANGUAGES) + f"{'all':>6}")
    print("files".ljust(14) + "".join(f"{sum(v for (l, _), v in per_variety.items() if l == lang):>6}"
                                      for lang in LANGUAGES) + f"{sum(per_variety.values()):>6}")
    print("controls".ljust(14) + "".join(f"{controls[lang]:>6}" for lang in LANGUAGES) + f"{sum(controls.values()):>6}")
    print("words".ljust(14) + "".join(f"{words[lang]:>6}" for lang in LANGUAGES) + f"{sum(words.values()):>6}")
    for ch in CHANNELS:
        print(f"  {ch}".ljust(14) + "".join(f"{per_channel[(lang, ch)]:>6}" for lang in LANGUAGES)
              + f"{sum(per_channel[(lang, ch)] for lang in LANGUAGES):>6}")
    print()
    print("variety       files")
    for lang in LANGUAGES:
        for v in VARIETIES[lang]:
            print(f"  {v:<12}{per_variety[(lang, v)]:>5}")
    print()
    print(f"{'annotations':<16}" + "".join(f"{lang:>6}" for lang in LANGUAGES) + f"{'all':>6}")
    for cat in CATEGORIES:
        print(f"  {cat:<14}" + "".join(f"{per_cat[(lang, cat)]:>6}" for lang in LANGUAGES)
              + f"{sum(per_cat[(lang, cat)] for lang in LANGUAGES):>6}")
    print(f"  {'total':<14}" + "".join(f"{sum(v for (l, _), v in per_cat.items() if l == lang):>6}"
                                       for lang in LANGUAGES) + f"{sum(per_cat.values()):>6}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
