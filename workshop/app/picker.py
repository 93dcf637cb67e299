"""Choosing a transcript: the shipped library, an upload or a paste."""
from __future__ import annotations

import ipywidgets as w

from ..i18n import Text, label
from ..loaders import DEFAULT_MAX_WORDS, FORMATS, load_bytes, load_text
from ..model import Transcript
from ..render import esc
from ..state import WorkshopState
from ..words import one_line
from .common import guarded, take_upload

FILTERS = ("language", "channel", "scenario", "difficulty")
DIFFICULTY_ORDER = {"easy": 0, "medium": 1, "hard": 2}  # in the filter as a trainer reads them, not A to Z


def _meta(t: Transcript, key: str) -> str:
    return {"language": t.language, "channel": t.channel, "scenario": t.scenario}.get(key) or str(
        t.metadata.get(key, ""))


def pasted_title(transcript, words: int = 8) -> str:
    """A pasted transcript's title: its first words (a session list of "paste, paste, paste" says nothing)."""
    first = next((t.text for t in transcript.turns if t.text.strip()), "")
    cut = " ".join(first.split()[:words])
    return one_line(cut + ("…" if len(first.split()) > words else ""), 60)


class PickerPane(w.VBox):
    """Library with filters and preview, upload, and paste; every load error becomes an alert."""

    def __init__(self, state: WorkshopState, library: list[Transcript], max_words: int = DEFAULT_MAX_WORDS,
                 columns: dict[str, str] | None = None, redact: bool | tuple[str, ...] = True):
        super().__init__()
        self.state, self.library, self.max_words = state, library, max_words
        self.columns = columns or None  # the config's csv_columns, for CSV exports with other column names
        self.redact = redact  # the kinds of personal data masked on load (the configuration's `redact`)
        g = lambda fn: guarded(state, fn)  # noqa: E731

        self.filters = {key: w.Dropdown(layout=w.Layout(width="200px")) for key in FILTERS}
        self.choice = w.Select(rows=7, layout=w.Layout(width="100%"))
        self.preview = w.HTML()
        self.open_button = w.Button(icon="folder-open", button_style="primary")
        self.upload = w.FileUpload(accept=",".join(FORMATS), multiple=False)
        self.upload_help = w.HTML()
        self.paste = w.Textarea(layout=w.Layout(width="100%", height="140px"))
        self.paste_help = w.HTML()
        self.paste_button = w.Button(icon="search", button_style="primary")
        self.tabs = w.Tab(children=[
            w.VBox([w.HBox(list(self.filters.values()), layout=w.Layout(flex_flow="row wrap")),
                    w.HBox([self.choice], layout=w.Layout(width="100%")), self.preview, self.open_button]),
            w.VBox([self.upload_help, self.upload]),
            w.VBox([self.paste_help, self.paste, self.paste_button]),
        ])
        self.children = [self.tabs]
        self.add_class("rw-picker")

        for dropdown in self.filters.values():
            dropdown.observe(g(self._refilter), "value")
        self.choice.observe(g(self._preview), "value")
        self.open_button.on_click(g(lambda _: self.open_selected()))
        self.upload.observe(g(self._uploaded), "value")
        self.paste_button.on_click(g(lambda _: self.load_paste()))
        state.observe(g(self._ui_changed), "ui")
        state.observe(g(self._select_open), "transcript")
        self._ui = state.ui
        self.relabel()
        self._follow_ui(None)  # the library opens on the UI language's transcripts
        self._select_open()

    def _ui_changed(self, _=None) -> None:
        previous, self._ui = self._ui, self.state.ui
        self.relabel()
        self._follow_ui(previous)

    def _follow_ui(self, previous: str | None) -> None:
        """The language filter follows the UI language (at first, and when it was on the previous one)."""
        language = self.filters["language"]
        if language.value == (previous or "") and self.state.ui in [v for _, v in language.options]:
            language.value = self.state.ui

    def _select_open(self, _=None) -> None:
        """The transcript on screen is the one selected in the list (when it is from the library)."""
        index = next((i for i, t in enumerate(self.library) if t is self.state.transcript), None)
        if index is not None and index in [i for _, i in self.choice.options]:
            self.choice.value = index

    # ------------------------------------------------------------ labels
    def relabel(self, _=None) -> None:
        ui = self.state.ui
        for i, key in enumerate(("tab_library", "tab_upload", "tab_paste")):
            self.tabs.set_title(i, label(key, ui))
        for key, dropdown in self.filters.items():
            values = sorted({_meta(t, key) for t in self.library} - {""},
                            key=lambda v: (DIFFICULTY_ORDER.get(v, 9), v) if key == "difficulty" else (0, v))
            current = dropdown.value
            dropdown.description = label(f"filter_{key}", ui)
            dropdown.options = [(label("any", ui), "")] + [(self._value_label(key, v), v) for v in values]
            dropdown.value = current if current in values else ""
        self.open_button.description = label("load", ui)
        self.upload.description = label("upload_button", ui)
        self.upload_help.value = f"<p>{esc(label('upload_help', ui, limit=self.max_words))}</p>"
        self.paste_help.value = f"<p>{esc(label('paste_help', ui))}</p>"
        self.paste.placeholder = label("paste_placeholder", ui)
        self.paste_button.description = label("analyse_paste", ui)
        self._refilter()

    def _row(self, t: Transcript) -> str:
        """A list row: "Cargo duplicado · Español · chat · 243 palabras"."""
        ui = self.state.ui
        language, channel = (self._value_label(key, _meta(t, key)) if _meta(t, key) else ""
                             for key in ("language", "channel"))
        parts = [t.title, language, channel.lower(), label("words_count", ui, n=t.words)]
        return " · ".join(p for p in parts if p)

    def _value_label(self, key: str, value: str) -> str:
        prefix = {"language": "lang", "channel": "channel", "scenario": "scenario", "difficulty": "difficulty"}[key]
        return label(f"{prefix}_{value}", self.state.ui, default=value)

    # ------------------------------------------------------------ library
    def matching(self) -> list[Transcript]:
        wanted = {k: d.value for k, d in self.filters.items() if d.value}
        return [t for t in self.library if all(_meta(t, k) == v for k, v in wanted.items())]

    def _refilter(self, _=None) -> None:
        items = self.matching()
        current = self.choice.value
        self.choice.options = [(self._row(t), i) for i, t in enumerate(self.library) if t in items]
        indices = [i for _, i in self.choice.options]
        self.choice.value = current if current in indices else (indices[0] if indices else None)
        self._preview()

    def _preview(self, _=None) -> None:
        ui = self.state.ui
        if self.choice.value is None:
            self.preview.value = f"<p>{esc(label('no_match', ui))}</p>"
            self.open_button.disabled = True
            return
        t = self.library[self.choice.value]
        tags = " · ".join(self._value_label(k, _meta(t, k)) for k in FILTERS if _meta(t, k))
        summary = t.metadata.get("summary", "")
        self.preview.value = (f'<div class="rw-preview"><b>{esc(t.title)}</b> — {esc(tags)} · '
                              f'{esc(label("words_count", ui, n=t.words))}<br>{esc(summary)}</div>')
        self.open_button.disabled = False

    def open_selected(self) -> None:
        if self.choice.value is not None:
            self.state.load(self.library[self.choice.value])

    # ------------------------------------------------------------ upload and paste
    def _uploaded(self, change) -> None:
        upload = take_upload(self.upload, change, "upload.txt")
        if upload is not None:
            name, data = upload
            self.state.load(load_bytes(data, name, max_words=self.max_words, columns=self.columns,
                                       redact=self.redact))

    def load_paste(self) -> None:
        transcript = load_text(self.paste.value, name=Text("pasted_text"), max_words=self.max_words,
                               source="paste", columns=self.columns, redact=self.redact)
        if not transcript.title:
            transcript.title = pasted_title(transcript)
        self.state.load(transcript)

