"""`analyze`: a transcript, a path or pasted text in; findings and metrics out.

It loads the transcript (`workshop.loaders`) if needed, picks the rule pack,
builds the `Doc` once (`workshop.engine.build`), runs every detector of the
registry over it, and computes the metrics from the same `Doc`.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any, Iterable

from ..i18n import ui_language
from ..loaders import DEFAULT_MAX_WORDS, load
from ..model import Transcript
from .build import build_doc
from .doc import CATEGORIES, Finding, categories_of
from .metrics import Metrics, compute_metrics
from .registry import DETECTORS
from .varieties import resolve_variety, variety_path
from .rules import get_pack

if TYPE_CHECKING:  # pandas is imported only when a table is asked for
    import pandas as pd


@dataclass
class Analysis:
    """What `workshop.analyze` returns: the findings and the metrics of one transcript.

    `found` and `metrics` are language-neutral (codes and numbers); `findings`
    are the same findings worded in `ui`. `in_ui` gives the same analysis in
    another language without running the detectors again.
    """

    transcript: Transcript
    found: list[Finding]
    metrics: Metrics
    pack: str = ""
    ui: str = "es"
    extra: dict[str, Any] = field(default_factory=dict)
    #: the categories this analysis could report, in display order: the built-in ones, then the packs' own
    categories: tuple[str, ...] = CATEGORIES
    #: the language variety whose pack was added ("es-AR"), or None: the base pack only
    variety: str | None = None

    def __post_init__(self):
        self._worded: list[Finding] | None = None
        self._views: dict[str, Analysis] = {self.ui: self}

    @property
    def findings(self) -> list[Finding]:
        if self._worded is None:
            self._worded = [f.worded(self.ui, self.variety) for f in self.found]
        return self._worded

    def in_ui(self, ui: str) -> "Analysis":
        """This analysis worded in another interface language (shared findings and metrics)."""
        view = self._views.get(ui)
        if view is None:
            view = Analysis(self.transcript, self.found, self.metrics, self.pack, ui, self.extra, self.categories,
                            self.variety)
            view._views = self._views
            self._views[ui] = view
        return view

    def by_category(self) -> dict[str, int]:
        counts = dict.fromkeys(self.categories, 0)
        for f in self.found:
            counts[f.category] += 1
        return counts

    def findings_frame(self) -> "pd.DataFrame":
        import pandas as pd

        columns = [f.name for f in Finding.__dataclass_fields__.values()]
        return pd.DataFrame([asdict(f) for f in self.findings], columns=columns)

    def metrics_frame(self) -> "pd.DataFrame":
        return self.metrics.frame()

    def to_dict(self) -> dict[str, Any]:
        t = self.transcript
        return {
            "source": t.source,
            "title": t.title,
            "language": t.language,
            "variety": self.variety,
            "words": t.words,
            "turns": [{"index": i, "speaker": x.speaker, "role": x.role, "text": x.text} for i, x in enumerate(t.turns)],
            "findings": [f.to_dict() for f in self.findings],
            "metrics": self.metrics.as_dict(),
            "notices": [n.message(self.ui) for n in t.notices],
        }


def analyze(source: Any, lang: str | None = None, *, ui: str | None = None, speakers: str = "agent",
            rules: Iterable[str] = (), long_sentence_words: int | None = None,
            words_per_minute: int | None = None, max_words: int | None = None,
            disable: Iterable[str] = (), silence_threshold_seconds: int | None = None,
            redact: bool | Iterable[str] = True, variety: str | None = None) -> Analysis:
    """Findings and metrics for a transcript, a path or pasted text.

    `lang` overrides the detected language; `ui` is the language of the
    messages (default: the transcript's); `speakers="all"` analyses customer
    turns too; `rules` adds trainer packs to the defaults. `disable` (rule IDs
    like "formal.le-informo-que" or whole categories like "filler") drops
    those findings, on top of the packs' own `disable:` lists. `redact=False` loads a path or
    text without masking personal data (a Transcript was masked when it was loaded).
    `variety` ("es-AR", "en-IN"…) adds that variety's pack; without it the transcript's
    metadata or its words decide (`workshop.engine.varieties`).
    """
    if isinstance(source, Transcript):
        transcript = source
        if lang and lang != transcript.language:
            transcript = replace(transcript, language=lang)
    else:
        transcript = load(source, lang=lang, max_words=DEFAULT_MAX_WORDS if max_words is None else max_words,
                          redact=redact)
    chosen = resolve_variety(transcript, variety)
    rules = ((str(variety_path(chosen)),) if chosen else ()) + tuple(rules)  # the trainer's packs win over it
    pack = get_pack(transcript.language, rules)
    if long_sentence_words or words_per_minute or silence_threshold_seconds:
        pack = pack.with_settings(long_sentence_words=long_sentence_words, words_per_minute=words_per_minute,
                                  silence_threshold_seconds=silence_threshold_seconds)
    ui = ui_language(ui or transcript.language)
    doc = build_doc(transcript, pack, speakers)
    findings: list[Finding] = []
    for detector in DETECTORS:
        findings.extend(detector(doc))
    off = pack.disabled | frozenset(disable)
    if off:
        findings = [f for f in findings if f.id not in off and f.category not in off]
    categories = categories_of(pack)
    order = {c: i for i, c in enumerate(categories)}
    findings.sort(key=lambda f: (f.turn, f.start, -f.end, order[f.category]))
    metrics = compute_metrics(doc, findings)
    return Analysis(transcript, findings, metrics, pack.name, ui, categories=categories, variety=chosen)
