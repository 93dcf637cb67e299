"""Score the workshop's detectors against the hand-annotated evaluation set.

    python benchmarks/eval/evaluate.py [FOLDER] [--no-list]

Each transcript is loaded and analysed through the public API
(`workshop.load`, `workshop.analyze`). A finding matches an annotation when
the turn and the category are equal and the character spans overlap; the
matching is one to one (each annotation matches at most one finding and each
finding at most one annotation), taking the largest possible number of pairs.
Unmatched findings are false alarms, unmatched annotations are misses.

Exit status 1 when, in either language, precision or recall is below 0.9 or
any control transcript has a false alarm (the targets of issue 12); 2 when the
set itself is invalid (run check.py).
"""
from __future__ import annotations

import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))  # the checkout this script lives in, not another install
sys.path.insert(0, str(HERE))

import workshop  # noqa: E402
from evalset import CATEGORIES, LANGUAGES, TRANSCRIPTS, VARIETIES, files, find_span, validate  # noqa: E402

TARGET = 0.9


def load(path: Path, data: dict):
    """The transcript as the tool loads it; falls back to {title, turns} if the extra keys are refused."""
    try:
        t = workshop.load(str(path), redact=False)  # the annotations are offsets into the file's own text
    except workshop.WorkshopError:
        with tempfile.TemporaryDirectory() as tmp:
            p = Path(tmp) / path.name
            p.write_text(json.dumps({"title": data["title"], "turns": data["turns"]}, ensure_ascii=False),
                         encoding="utf-8")
            t = workshop.load(str(p), lang=data["language"], redact=False)
    texts = [turn.text for turn in t.turns]
    if texts != [turn["text"] for turn in data["turns"]]:
        raise SystemExit(f"{path.name}: the tool's turns differ from the file's (offsets would not line up)")
    return t


def match(anns: list[tuple[int, int]], finds: list[tuple[int, int]]) -> dict[int, int]:
    """Maximum one-to-one matching of overlapping spans: {annotation index: finding index}."""
    edges = [[j for j, (fs, fe) in enumerate(finds) if fs < ae and as_ < fe] for as_, ae in anns]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(anns)):
        augment(i, set())
    return {i: j for j, i in owner.items()}


class Score:
    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def row(self, label: str, width: int = 18) -> str:
        fmt = lambda x: "   —" if x is None else f"{x:.2f}"  # noqa: E731
        return (f"  {label:<{width}}{self.tp + self.fn:>6}{self.tp + self.fp:>7}{self.tp:>6}"
                f"{fmt(self.precision):>7}{fmt(self.recall):>7}{fmt(self.f1):>7}")


def header(title: str, width: int = 18) -> str:
    return f"{title:<{width + 2}}{'gold':>6}{'found':>7}{'hits':>6}{'P':>7}{'R':>7}{'F1':>7}"


def main(argv: list[str]) -> int:
    listing = "--no-list" not in argv
    args = [a for a in argv if not a.startswith("--")]
    folder = Path(args[0]) if args else TRANSCRIPTS
    by_cat = defaultdict(Score)
    by_lang = defaultdict(Score)
    by_variety = defaultdict(Score)
    control_alarms: dict[str, int] = {}
    misses: list[tuple] = []
    alarms: list[tuple] = []
    paths = files(folder)
    if not paths:
        print(f"no .json files in {folder}")
        return 2
    for path in paths:
        data, errors, _ = validate(path)
        if errors:
            print(f"{path.name}: invalid ({errors[0]}); run benchmarks/eval/check.py")
            return 2
        lang, variety = data["language"], data["variety"]
        t = load(path, data)
        result = workshop.analyze(t)
        gold = defaultdict(list)
        for a in data.get("annotations", []):
            span = find_span(data["turns"][a["turn"]]["text"], a["quote"], a.get("occurrence", 1))
            gold[(a["turn"], a["category"])].append(span)
        found = defaultdict(list)
        for f in result.findings:
            found[(f.turn, f.category)].append((f.start, f.end))
        n_alarms = 0
        for key in set(gold) | set(found):
            turn, cat = key
            g, fnd = gold.get(key, []), found.get(key, [])
            pairs = match(g, fnd)
            tp, fp, fn = len(pairs), len(fnd) - len(pairs), len(g) - len(pairs)
            for s in (by_cat[(lang, cat)], by_cat[("all", cat)], by_lang[lang], by_variety[variety]):
                s.add(tp, fp, fn)
            text = data["turns"][turn]["text"]
            misses += [(path.stem, turn, cat, text[s:e]) for i, (s, e) in enumerate(g) if i not in pairs]
            hit = set(pairs.values())
            alarms += [(path.stem, turn, cat, text[s:e]) for j, (s, e) in enumerate(fnd) if j not in hit]
            n_alarms += fp
        if data["control"]:
            control_alarms[path.stem] = n_alarms

    print(f"{len(paths)} transcripts, {sum(control_alarms.values())} false alarm(s) on "
          f"{len(control_alarms)} controls\n")
    for lang in LANGUAGES:
        print(header(f"per category ({lang})"))
        for cat in CATEGORIES:
            print(by_cat[(lang, cat)].row(cat))
        print()
    print(header("per category (all)"))
    for cat in CATEGORIES:
        print(by_cat[("all", cat)].row(cat))
    print()
    print(header("per variety"))
    for lang in LANGUAGES:
        for v in VARIETIES[lang]:
            print(by_variety[v].row(v))
    print()
    print(header("per language"))
    for lang in LANGUAGES:
        print(by_lang[lang].row(lang))
    print()
    print("controls (false alarms)")
    for name, n in sorted(control_alarms.items()):
        print(f"  {name:<44}{n:>4}")
    if listing:
        print(f"\nmisses ({len(misses)})")
        for name, turn, cat, text in sorted(misses):
            print(f"  {name}  turn {turn}  {cat}: {text!r}")
        print(f"\nfalse alarms ({len(alarms)})")
        for name, turn, cat, text in sorted(alarms):
            print(f"  {name}  turn {turn}  {cat}: {text!r}")

    failed = []
    for lang in LANGUAGES:
        s = by_lang[lang]
        for what, value in (("precision", s.precision), ("recall", s.recall)):
            if value is None or value < TARGET:
                shown = "—" if value is None else f"{value:.2f}"
                failed.append(f"{lang} {what} {shown} < {TARGET}")
    bad_controls = [n for n, k in control_alarms.items() if k]
    if bad_controls:
        failed.append(f"{len(bad_controls)} control(s) with false alarms")
    print()
    if failed:
        print("targets not met: " + "; ".join(failed))
        return 1
    print(f"targets met: precision and recall ≥ {TARGET} in both languages, no false alarm on the controls")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
