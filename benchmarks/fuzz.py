"""Fuzz every stage a user's input goes through, each case under a hang watchdog.

    make fuzz        (or: .venv/bin/python benchmarks/fuzz.py [--cases 3000] [--seed 0] [--timeout 10]
                                                               [--slow 1.0] [--save DIR] [--replay DIR])

One case is an upload (bytes as .txt/.json/.csv/.vtt) or a pasted text, plus
what the pair does with it. Every case goes load → analyze → apply each
finding's fix (as the app does, through `WorkshopState`) and type an edit →
word diff → compare → render (HTML) → save a session → report (HTML, Markdown,
JSON and CSV export, the JSON imported back). Each stage is timed. Outcomes:

- ok; documented: a `WorkshopError` whose message exists in Spanish and English;
- crash: any other exception; hang: the case outlived the watchdog;
- slow: one stage took over `--slow` seconds (1 s: issue 16's bound) for input within the limits (a
  loadable transcript whose rewrite, as typed, would load too: 500 words, 20 000 characters).

The run prints the counts, the slowest case and each kind of failure with the
stage it failed in and its smallest input; `--save DIR` writes each failing case
there as JSON, and `--replay DIR` runs those cases again (after a fix).
tests/test_fuzz.py runs the same pipeline on a few hundred cases in `make test`.
"""
from __future__ import annotations

import argparse
import json
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from workshop.i18n import MESSAGES, Text, WorkshopError  # noqa: E402

SLOW_SECONDS = 1.0
TIMEOUT_SECONDS = 10.0

# ---------------------------------------------------------------- inputs

# Words the rule packs react to, so generated turns reach the detectors and the fixes.
VOCAB = ["eh", "este", "o sea", "pues", "like", "you know", "um", "a nivel de", "due to the fact that",
         "subir arriba", "free gift", "le informo que", "please be advised that", "efectuar", "utilize",
         "usted debió", "there's nothing I can do", "¿Tiene el router encendido?", "Did you restart it?",
         "estoy harto", "I'm so frustrated", "número de cliente", "el el", "Entiendo", "gracias", "?", "¿",
         ",", ".", "...", "!", "—", "\n"]
# Text that attacks a renderer or a reader: markup, links, formulas, terminal escapes.
MARKUP = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
          "![i](http://evil.example/i.png)", "<http://evil.example>", "[r]: http://evil.example",
          '=HYPERLINK("http://x")', "@SUM(1)", "+1", "-1", "| a | b |", "&amp;", "</mark>", '"\'`',
          "\x1b]0;title\x07\x1b[2J", "{{ x }}", "${x}", "%s%n", "\\", "*_~`#"]
SCRIPTS = ["Ñandú", "ação", "Привет", "مرحبا", "שלום", "你好", "こんにちは", "한국어", "ελληνικά", "हिन्दी",
           "😀👍🏽", "e\u0301", "\u200f", "\u200b", "\ufeff", "\u202e", "\U0001f600" * 3, "ﬁ", "İı"]
CONTROL = [chr(c) for c in (*range(0, 32), 127, *range(128, 160))] + ["\u2028", "\u2029", "\ufffe"]
PUNCTUATION = list("!?.,;:…-—¿¡()[]{}\"'«»/\\*&%$#@^~`|<>=+_")
SPEAKERS = ["Agente", "Cliente", "Agent", "Customer", "Asesora", "Caller", "Rep", "Ana", "Laura", "<v x>",
            "Agente:", "=1+1", ""]

SIZES = {"test": 20_000, "full": 1_000_000}  # the largest hostile input each scale builds, in characters

word = st.one_of(st.sampled_from(VOCAB), st.sampled_from(MARKUP), st.sampled_from(SCRIPTS),
                 st.text(max_size=10), st.sampled_from(CONTROL),
                 st.lists(st.sampled_from(PUNCTUATION), min_size=1, max_size=20).map("".join))
turn_text = st.lists(word, min_size=1, max_size=30).map(" ".join)
turns = st.lists(st.tuples(st.sampled_from(SPEAKERS), turn_text), min_size=1, max_size=10)


def _repeat(unit: str, n: int, limit: int) -> str:
    """`unit` n times, cut at `limit` characters."""
    return (unit * (limit // max(len(unit), 1) + 1))[:limit] if len(unit) * n > limit else unit * n


def hostile_text(scale: str) -> st.SearchStrategy[str]:
    """Shapes that have hung or crashed a stage: long lines, repeats, runs, control characters."""
    limit = SIZES[scale]
    # Sizes spread over every order of magnitude up to the limit (a plain integers() stays small).
    n = st.builds(lambda digits, lead: min(limit, lead * 10 ** digits), st.integers(0, 6), st.integers(1, 9))
    unit = st.one_of(st.sampled_from(["eh, ", "este ", "like, ", "a", "a ", "el el ", "?", "¿", "!?", ".", "…",
                                      "<v a", "<v ", "<", "[", "](", "\t", " ", "\n", "\x00", "🙂", "é",
                                      "Agente: eh\n", "Cliente: ", "\"", ",", "9"]),
                     st.sampled_from(["<v a", "!?", "eh, ", ".,;"]),  # the shapes that hung a stage, again
                     st.text(min_size=1, max_size=8))
    return st.builds(_repeat, unit, n, st.just(limit))


@st.composite
def transcript_text(draw, scale: str) -> str:
    """A transcript as "Speaker: text" lines, sometimes with a hostile turn or tail."""
    lines = [f"{s}: {t}" for s, t in draw(turns)]
    if draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), f"Agente: {draw(hostile_text(scale))}")
    return "\n".join(lines)


def _as_json(draw, scale: str) -> str:
    rows = [{"speaker": s, "text": t} for s, t in draw(turns)]
    kind = draw(st.sampled_from(["list", "object", "deep", "bigint", "odd", "hostile"]))
    limit = SIZES[scale]
    if kind == "list":
        return json.dumps(rows, ensure_ascii=draw(st.booleans()))
    if kind == "object":
        return json.dumps({"title": draw(turn_text), "language": draw(st.sampled_from(["es", "en", "xx", 1])),
                           "turns": rows, "metadata": {"id": draw(turn_text)}})
    if kind == "deep":
        depth = draw(st.sampled_from([1, 10, 100, 1000, 5000, 50_000, limit // 2]))
        opener = draw(st.sampled_from(["[", '{"a":', '{"turns":[']))
        closer = {"[": "]", '{"a":': "}", '{"turns":[': "]}"}[opener]
        return opener * depth + "1" + closer * depth
    if kind == "bigint":
        digits = draw(st.sampled_from([1, 100, 4300, 4301, 10_000, min(limit, 100_000)]))
        return json.dumps(rows)[:-1] + ', {"speaker": "Agente", "text": ' + "9" * digits + "}]"
    if kind == "odd":
        return draw(st.sampled_from(["null", "[]", "{}", "[1, 2]", '{"turns": "x"}', '[{"speaker": 1}]',
                                     "NaN", "1e999", '"\\ud800"', '{"turns": [{"speaker": "A", "text": null}]}']))
    return json.dumps([{"speaker": "Agente", "text": draw(hostile_text(scale))}])


def _as_csv(draw, scale: str) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(draw(st.sampled_from([["speaker", "text"], ["hablante", "texto"], ["role", "message"],
                                          ["a", "b"], ["text"]])))
    for s, t in draw(turns):
        writer.writerow([s, t])
    kind = draw(st.sampled_from(["plain", "huge_field", "open_quote", "hostile"]))
    if kind == "huge_field":
        out.write('Agente,"' + "a" * draw(st.sampled_from([10, 1000, 131_072, 131_073, SIZES[scale]])) + '"\n')
    elif kind == "open_quote":
        out.write('Agente,"never closed ' + draw(turn_text))
    elif kind == "hostile":
        writer.writerow(["Agente", draw(hostile_text(scale))])
    return out.getvalue()


def _as_vtt(draw, scale: str) -> str:
    cues = ["WEBVTT", ""]
    for i, (s, t) in enumerate(draw(turns)):
        cues += [f"00:00:{i:02d}.000 --> 00:00:{i:02d}.900", f"<v {s}>{t}</v>", ""]
    if draw(st.booleans()):
        cues += ["00:01:00.000 --> 00:01:01.000", draw(hostile_text(scale))]
    return "\n".join(cues)


@dataclass
class Case:
    """One input and what the pair does with it."""

    name: str  # the upload's file name, or "" for pasted text
    data: bytes  # the upload's bytes, or the pasted text as UTF-8
    ui: str = "es"
    lead: str = "Laura"
    agent: str = "Pablo"
    title: str = ""
    note: str = ""
    typed: str = ""  # text typed into the first agent turn after the fixes
    #: how the typing changes that turn: "replace" it with `typed`, "append" `typed`, "thin" it
    #: (every third character deleted: many small changes for the word diff), "" leaves it
    edit: str = ""
    size: int = -1  # the input's size in bytes, kept when `light()` drops the bytes themselves

    def describe(self) -> str:
        size = self.size if self.size >= 0 else len(self.data)
        typed = f"; typed ({self.edit}, {len(self.typed)} chars) {self.typed[:40]!r}" if self.edit else ""
        return f"{self.name or 'paste'} ({size} bytes) {self.data[:120]!r}{'…' if size > 120 else ''}{typed}"

    def light(self) -> "Case":
        """The case without most of its bytes: what a run keeps of the thousands that pass."""
        return replace(self, data=self.data[:120], typed=self.typed[:40], size=len(self.data))


@st.composite
def cases(draw, scale: str = "test") -> Case:
    kind = draw(st.sampled_from([".txt", ".json", ".csv", ".vtt", "paste", "bytes"]))
    if kind == ".json":
        data = _as_json(draw, scale).encode("utf-8", "surrogatepass")
    elif kind == ".csv":
        data = _as_csv(draw, scale).encode("utf-8", "surrogatepass")
    elif kind == ".vtt":
        data = _as_vtt(draw, scale).encode("utf-8", "surrogatepass")
    elif kind == "bytes":
        data = draw(st.binary(max_size=2000))
    else:
        data = draw(transcript_text(scale)).encode("utf-8", "surrogatepass")
    if kind == "bytes":
        kind = draw(st.sampled_from([".txt", ".json", ".csv", ".vtt"]))
    elif kind != "paste":
        encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-16", "latin-1", "bom"]))
        if encoding == "bom":
            data = b"\xef\xbb\xbf" + data
        elif encoding != "utf-8":
            data = data.decode("utf-8", "replace").encode(encoding, "replace")
    name = "" if kind == "paste" else draw(st.sampled_from(["upload", "+x", "-x", "=1", "a b", "ñ"])) + kind
    # Typed text stays within what a loaded turn may hold (20 000 characters), so any slowness counts.
    typed = draw(st.one_of(turn_text, hostile_text("test")))
    edit = draw(st.sampled_from(["", "replace", "append", "thin"]))
    return Case(name=name, data=data, ui=draw(st.sampled_from(["es", "en"])),
                lead="L" + draw(turn_text), agent="A" + draw(turn_text), title=draw(st.one_of(st.just(""), turn_text)),
                note=draw(st.one_of(st.just(""), turn_text, st.sampled_from(MARKUP))), typed=typed, edit=edit)


# ---------------------------------------------------------------- the pipeline


class Hang(BaseException):
    """Raised by the watchdog; a BaseException so no `except Exception` in the code swallows it."""


@contextmanager
def watchdog(seconds: float):
    """Interrupt the block after `seconds` (SIGALRM: main thread, POSIX)."""
    def fire(signum, frame):
        raise Hang(f"over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Outcome:
    status: str  # ok | documented | crash | hang | slow
    case: Case
    stage: str = ""
    detail: str = ""
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return self.status in ("crash", "hang", "slow")

    @property
    def kind(self) -> str:
        """What failed where, without the details that differ from case to case."""
        if self.status == "crash":
            error, _, rest = self.detail.partition(":")
            return f"crash at {self.stage}: {error} {rest[rest.rfind('('):]}".rstrip()
        return f"{self.status} at {self.stage}"

    def line(self) -> str:
        return f"{self.status:<5} at {self.stage or '—'} ({self.seconds:.2f} s): {self.detail}\n      {self.case.describe()}"


def within_limits(transcript) -> bool:
    """Whether a loader would accept this text (500 words, 40 characters a word): the 1 s bound applies."""
    from workshop.loaders import CHARS_PER_WORD, DEFAULT_MAX_WORDS

    chars = sum(len(t.text) for t in transcript.turns)
    return transcript.words <= DEFAULT_MAX_WORDS and chars <= DEFAULT_MAX_WORDS * CHARS_PER_WORD


class Pipeline:
    """Runs one case through every stage, timing each; the current stage names a failure."""

    def __init__(self, folder: Path, chart_every: int = 1):
        self.folder = folder
        self.stage = ""
        self.stages: dict[str, float] = {}
        self._count = 0
        #: draw the HTML report's chart for real in one case out of this many; the others get a stub PNG.
        #: The chart sees only counts and our own labels, never input text, and costs ~0.3 s a drawing.
        self.chart_every = chart_every

    @contextmanager
    def step(self, name: str):
        self.stage = name
        start = time.perf_counter()
        try:
            yield
        finally:
            self.stages[name] = self.stages.get(name, 0.0) + time.perf_counter() - start

    def run(self, case: Case) -> None:
        from workshop import rewrite
        from workshop.loaders import load_bytes, load_text
        from workshop.engine.compare import compare
        from workshop.render import compare_table_html, diff_html, transcript_html
        from workshop.report import export, export_csv, import_json
        from workshop.sessions import SessionStore, Snapshot
        from workshop.state import WorkshopState

        self.stages = {}
        self.within = True
        with self.step("load"):
            if case.name:
                transcript = load_bytes(case.data, case.name)
            else:
                transcript = load_text(case.data.decode("utf-8", "replace"), name=Text("pasted_text"), source="paste")
        state = WorkshopState(ui=case.ui)
        with self.step("analyze"):
            state.load(transcript)
            original = state.original_analysis
            for f in original.findings:
                assert transcript.turns[f.turn].text[f.start:f.end] == f.text, f"finding off its words: {f}"
        agent_turns = [i for i, t in enumerate(transcript.turns) if t.role == "agent"]
        with self.step("fix"):
            tried: set = set()
            for _ in range(40):  # apply each finding's first fix, re-reading findings after every change
                todo = [f for i in agent_turns for f in state.findings_for(i)
                        if rewrite.fixes(f) and (f.turn, f.category, f.text, f.start) not in tried]
                if not todo:
                    break
                f = todo[0]
                tried.add((f.turn, f.category, f.text, f.start))
                state.apply(f, rewrite.fixes(f)[0])
            if case.edit and agent_turns:
                current = state.turn_text(agent_turns[0])
                text = {"replace": case.typed, "append": current + " " + case.typed,
                        "thin": "".join(ch for k, ch in enumerate(current) if k % 3 != 2)}[case.edit]
                state.type_text(agent_turns[0], text)
                if state.undo():
                    state.type_text(agent_turns[0], text)
            after = state.rewrite_analysis
        self.within = within_limits(after.transcript)
        with self.step("diff"):
            diffs = {i: rewrite.word_diff(transcript.turns[i].text, text) for i, text in state.rewrite.items()}
            for i, parts in diffs.items():
                assert "".join(p.text for p in parts if p.op != "insert") == transcript.turns[i].text
                diff_html(parts)
        with self.step("compare"):
            table = compare(original, after, ui=case.ui)
        with self.step("render"):
            transcript_html(transcript, original.findings, case.ui)
            transcript_html(after.transcript, after.findings, case.ui, hidden=("filler",))
            compare_table_html(table, case.ui)
        self._count += 1
        folder = self.folder / str(self._count)
        store = SessionStore(folder)
        try:
            with self.step("save"):
                sid = store.create(case.lead, case.agent, transcript, title=case.title)
                notes = {"": case.note, str(agent_turns[0]): case.note} if case.note and agent_turns else {}
                store.save(sid, Snapshot(dict(state.rewrite), notes, dict(state.decisions),
                                         after.metrics.as_dict()), base=0)
            for fmt in ("html", "md"):
                with self.step(f"report {fmt}"), self._chart():
                    text = export(store, sid, fmt, ui=case.ui)
                    assert "<script" not in text.lower(), f"the {fmt} report has a live <script>"
            with self.step("report json"):
                exported = export(store, sid, "json")
            with self.step("import"):
                copy = import_json(store, exported, name="session.json")
                assert store.snapshot(copy).rewrite == store.snapshot(sid).rewrite, "import changed the rewrite"
                export(store, copy, "md", ui=case.ui)
            with self.step("report csv"):
                export_csv(store)
        finally:
            store.close()
            shutil.rmtree(folder, ignore_errors=True)


    @contextmanager
    def _chart(self):
        if self._count % self.chart_every == 0:
            yield
            return
        from unittest import mock

        with mock.patch("workshop.charts.chart_png", return_value=b"\x89PNG\r\n\x1a\n"):
            yield

    def warm_up(self) -> None:
        """One ordinary case first, so imports and caches do not count as a slow stage."""
        self._count = -1  # this case draws the chart for real: matplotlib is imported here
        self.run(Case(name="warm.txt", data="Agente: Eh, le informo que llega el lunes.\nCliente: Vale.".encode(),
                      typed="Llega el lunes.", edit="replace", note="nota"))


def documented(error: WorkshopError) -> str:
    """"" when the error has its message in both languages, else what is missing."""
    entry = MESSAGES.get(error.code)
    if not isinstance(entry, dict) or not entry.get("es") or not entry.get("en"):
        return f"no es/en message for code {error.code!r}"
    try:
        error.message("es"), error.message("en")
    except Exception as exc:  # a missing parameter in the message
        return f"message {error.code!r} cannot be formatted: {exc!r}"
    return ""


def check(case: Case, pipeline: Pipeline, timeout: float = TIMEOUT_SECONDS, slow: float = SLOW_SECONDS) -> Outcome:
    """Run one case under the watchdog and say how it ended; a slow case is timed twice (the machine is shared)."""
    outcome = _check_once(case, pipeline, timeout, slow)
    if outcome.status == "slow":
        again = _check_once(case, pipeline, timeout, slow)
        if again.status != "slow":
            return again
    return outcome


def _check_once(case: Case, pipeline: Pipeline, timeout: float, slow: float) -> Outcome:
    pipeline.stage = ""
    start = time.perf_counter()
    try:
        with watchdog(timeout):
            pipeline.run(case)
    except Hang as exc:
        return Outcome("hang", case, pipeline.stage, str(exc), time.perf_counter() - start, dict(pipeline.stages))
    except WorkshopError as exc:
        seconds = time.perf_counter() - start
        problem = documented(exc)
        status = "crash" if problem else "documented"
        outcome = Outcome(status, case, pipeline.stage, problem or f"{exc.code}: {exc.message('en')[:100]}",
                          seconds, dict(pipeline.stages))
    except Exception as exc:  # noqa: BLE001 - anything else is a crash, which is what we count
        frames = traceback.extract_tb(exc.__traceback__)
        at = ([f for f in frames if "/workshop/" in f.filename.replace("\\", "/")] or frames)[-1]
        where = f"{Path(at.filename).parent.name}/{Path(at.filename).name}:{at.lineno}"
        detail = f"{type(exc).__name__}: {str(exc)[:160]} ({where})"
        return Outcome("crash", case, pipeline.stage, detail, time.perf_counter() - start, dict(pipeline.stages))
    else:
        outcome = Outcome("ok", case, "", "", time.perf_counter() - start, dict(pipeline.stages))
    if outcome.status != "crash" and pipeline.within:
        worst = max(outcome.stages.items(), key=lambda kv: kv[1], default=("", 0.0))
        if worst[1] > slow:
            outcome.status, outcome.stage = "slow", worst[0]
            outcome.detail = f"{worst[0]} took {worst[1]:.2f} s (limit {slow:g} s)"
    return outcome


def run(examples: int, scale: str = "test", seed_value: int | None = None, timeout: float = TIMEOUT_SECONDS,
        slow: float = SLOW_SECONDS, progress=None, chart_every: int = 1,
        max_failures: int | None = None) -> list[Outcome]:
    """`examples` generated cases, deterministic (derandomized, or from `seed_value`); every outcome.

    After `max_failures` failures the remaining cases are generated but not run (a quick verdict).
    """
    outcomes: list[Outcome] = []
    folder = Path(tempfile.mkdtemp(prefix="workshop-fuzz-"))
    pipeline = Pipeline(folder, chart_every)
    pipeline.warm_up()

    @settings(max_examples=examples, derandomize=seed_value is None, database=None, deadline=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck), print_blob=False)
    @given(cases(scale))
    def one(case: Case) -> None:
        if max_failures is not None and sum(o.failed for o in outcomes) >= max_failures:
            return
        outcome = check(case, pipeline, timeout, slow)
        if not outcome.failed:
            outcome.case = case.light()
        outcomes.append(outcome)
        if progress:
            progress(len(outcomes))

    if seed_value is not None:
        one = seed(seed_value)(one)
    try:
        one()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return outcomes


def summary(outcomes: list[Outcome]) -> str:
    """Counts, the slowest case, and each kind of failure once (how often, and its smallest input)."""
    counts = Counter(o.status for o in outcomes)
    slowest = max(outcomes, key=lambda o: o.seconds, default=None)
    lines = [f"cases {len(outcomes)}: ok {counts['ok']}, documented errors {counts['documented']}, "
             f"crashes {counts['crash']}, hangs {counts['hang']}, slow {counts['slow']}"]
    if slowest is not None:
        stage = max(slowest.stages.items(), key=lambda kv: kv[1], default=("—", 0))[0]
        lines.append(f"slowest case: {slowest.seconds:.2f} s (mostly {stage}), {slowest.status}: "
                     f"{slowest.case.describe()}")
    kinds: dict[str, list[Outcome]] = {}
    for o in outcomes:
        if o.failed:
            kinds.setdefault(o.kind, []).append(o)
    if kinds:
        lines.append("failures by kind (count × status at stage: error; smallest input):")
        for kind, group in sorted(kinds.items(), key=lambda kv: -len(kv[1])):
            smallest = min(group, key=lambda o: len(o.case.data))  # failures keep their whole input
            lines += [f"  {len(group):>5} × {kind}", f"        {smallest.detail[:200]}",
                      f"        {smallest.case.describe()}"]
    return "\n".join(lines)


def save(outcomes: list[Outcome], folder: Path) -> None:
    """Each failing case as JSON (its bytes in base64), for `--replay` after a fix."""
    import base64
    from dataclasses import asdict

    folder.mkdir(parents=True, exist_ok=True)
    for n, o in enumerate(x for x in outcomes if x.failed):
        data = {**asdict(o.case), "data": base64.b64encode(o.case.data).decode("ascii"), "size": -1,
                "failed": f"{o.status} at {o.stage}: {o.detail}"}
        name = f"{n:04d}-{o.status}-{o.stage.replace(' ', '-')}.json"
        (folder / name).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def replay(folder: Path, timeout: float, slow: float) -> list[Outcome]:
    """The cases `save` wrote, run again."""
    import base64

    pipeline = Pipeline(Path(tempfile.mkdtemp(prefix="workshop-fuzz-")))
    pipeline.warm_up()
    outcomes = []
    for path in sorted(folder.glob("*.json")):
        fields = json.loads(path.read_text(encoding="utf-8"))
        fields.pop("failed", None)
        fields["data"] = base64.b64decode(fields["data"])
        outcomes.append(check(Case(**fields), pipeline, timeout, slow))
    shutil.rmtree(pipeline.folder, ignore_errors=True)
    return outcomes


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cases", type=int, default=3000)
    p.add_argument("--seed", type=int, default=0, help="generation seed (the same seed, the same cases)")
    p.add_argument("--scale", choices=sorted(SIZES), default="full", help="largest hostile input: test 20 KB, full 1 MB")
    p.add_argument("--timeout", type=float, default=TIMEOUT_SECONDS, help="watchdog per case, seconds")
    p.add_argument("--slow", type=float, default=SLOW_SECONDS, help="a stage slower than this fails, seconds")
    p.add_argument("--chart-every", type=int, default=10, metavar="N",
                   help="draw the HTML report's chart in one case out of N (default 10; 1: every case)")
    p.add_argument("--save", metavar="DIR", help="write every failing case here, as JSON")
    p.add_argument("--replay", metavar="DIR", help="run the cases --save wrote there again, instead of new ones")
    args = p.parse_args(argv)
    start = time.perf_counter()

    def progress(n: int) -> None:
        if n % 100 == 0:
            print(f"  {n} cases, {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)

    if args.replay:
        outcomes = replay(Path(args.replay), args.timeout, args.slow)
    else:
        outcomes = run(args.cases, args.scale, args.seed, args.timeout, args.slow, progress, args.chart_every)
    print(summary(outcomes))
    print(f"total {time.perf_counter() - start:.0f} s")
    if args.save:
        save(outcomes, Path(args.save))
    return 1 if any(o.failed for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
