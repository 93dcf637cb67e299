"""`check_examples`: every pack entry's `examples:` run through the detectors (`workshop rules check`).

It sits above the registry because it runs the detectors; the packs themselves
(`workshop.engine.rules`) know nothing of them.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Transcript, Turn
from .build import build_doc
from .match import match_pack
from .registry import DETECTORS
from .rules import LEXICON_CATEGORIES, RulePack


@dataclass(frozen=True)
class ExampleFailure:
    """An entry's example that did not behave: a `flag` not flagged, or a `keep` flagged."""

    file: str
    line: int
    section: str
    phrase: str
    kind: str
    text: str

    def message(self, lang: str | None = None) -> str:
        from ..i18n import t

        return t(f"rules_example_{self.kind}", lang, file=self.file, line=self.line, section=self.section,
                 phrase=self.phrase, text=self.text)


def check_examples(pack: RulePack) -> list[ExampleFailure]:
    """Run every entry's examples through the analysis; the ones that did not behave.

    A `flag` text, said by the agent (by the customer for `emotion` cues),
    must produce a finding of the entry's category (a recognised cue for
    `empathy` and `emotion`) that covers a place where the entry's own phrase
    matches; a `keep` text must not.
    """
    failures = []
    for section, entries in pack.entries.items():
        for entry in entries:
            if not entry.examples:
                continue
            alone = RulePack(language=pack.language, entries={section: [entry]}, negations=pack.negations,
                             categories=pack.categories)
            for kind, text, line in entry.examples:
                role = "customer" if section == "emotion" else "agent"
                doc = build_doc(Transcript([Turn("example", role, text)], language=pack.language), pack, "all")
                own = match_pack(doc.turns[0].tokens, alone).get(section, ())
                if section in LEXICON_CATEGORIES or section in pack.categories:
                    spans = [(f.start, f.end) for detector in DETECTORS for f in detector(doc)
                             if f.category == section]
                else:
                    spans = [(m.start, m.end) for m in doc.turns[0].matches.get(section, ())]
                covered = any(s <= m.start and m.end <= e for m in own for s, e in spans)
                if covered != (kind == "flag"):
                    file = entry.origin.rsplit(":", 1)[0]
                    failures.append(ExampleFailure(file, line, section, entry.phrase, kind, text))
    return failures
