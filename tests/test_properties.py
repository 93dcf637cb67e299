"""Any text at all: no exception, and every finding points at exactly its own words."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import workshop
from workshop.i18n import WorkshopError

# Words the packs care about, so generated turns hit the detectors, mixed with anything unicode.
VOCAB = ["eh", "este", "o sea", "like", "you know", "a nivel de", "due to the fact that", "subir arriba",
         "free gift", "le informo que", "¿", "?", ",", ".", "...", "no", "estoy harto", "I understand",
         "número de cliente", "el el", "Did you", "¿Tiene", "utilize", "\n", "—", "😀", "\u200f", "<b>"]
fragment = st.one_of(st.sampled_from(VOCAB), st.text(max_size=12))
turn_text = st.lists(fragment, max_size=25).map(" ".join)
turns = st.lists(st.tuples(st.sampled_from(["Agente", "Cliente", "Agent", "Customer", "Ana"]), turn_text),
                 min_size=1, max_size=8)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(turns, st.sampled_from(["es", "en"]), st.sampled_from(["agent", "all"]))
def test_findings_slice_their_turn(rows, lang, speakers):
    try:
        transcript = workshop.load([{"speaker": s, "text": t} for s, t in rows], lang=lang)
    except WorkshopError:
        return  # empty or over the limit: refused with a message, which is the contract
    result = workshop.analyze(transcript, speakers=speakers)
    for f in result.findings:
        text = transcript.turns[f.turn].text
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start:f.end] == f.text
        assert f.message and f.severity in ("low", "medium", "high")
    assert result.metrics.all.words == transcript.words


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_pasted_text_loads_or_says_why(text):
    try:
        transcript = workshop.load("\n" + text)  # the newline makes it pasted text, never a path
    except WorkshopError as exc:
        assert exc.message("es") and exc.message("en")
        return
    workshop.analyze(transcript)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000))
def test_any_upload_bytes_load_or_say_why(data):
    from workshop.loaders import load_bytes

    for name in ("x.txt", "x.json", "x.csv", "x.vtt"):
        try:
            workshop.analyze(load_bytes(data, name))
        except WorkshopError as exc:
            assert exc.message("es") and exc.message("en")
