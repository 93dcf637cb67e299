"""The analysis engine: from a transcript to findings and metrics.

Read it bottom-up (docs/architecture.md draws it):

- `text`: sentences, stems, syllables, matching keys (tokens come from `workshop.words`)
- `rules`: rule packs loaded and validated from YAML
- `doc`: the document model (`Doc`, `TurnDoc`, `Match`, `Question`, `Finding`)
- `match`: rule-pack phrases found in a turn, in one pass
- `build`: a transcript read once into a `Doc`
- `detectors/`: one module per detector family; `registry`: the list `analyze` runs
- `readability`, `metrics`: the numbers of a `Doc`
- `analyze`: findings and metrics of a transcript; `compare`: the before/after table
- `examples`: runs the examples of a pack's entries (`workshop rules check`)

The flat API (`workshop.analyze`, `workshop.compare`) is in `workshop/__init__.py`.
"""
