"""Speech-to-text output: Amazon Transcribe, Amazon Connect Contact Lens, Google Speech-to-Text, Azure Speech.

Each parser takes the decoded JSON (`data`) and gives rows with times in seconds from the
start of the call; a speaker is the service's label ("spk_0", "ch_1", "AGENT", "Speaker 2"),
mapped to a role as any other label is (the user's `roles` first).
"""
from __future__ import annotations

from typing import Any

from ..i18n import WorkshopError
from .base import SPEECH_MERGE_GAP, Context, Parsed, Row, merge_runs, seconds


def _language(code: Any) -> dict[str, str]:
    if isinstance(code, str) and code[:2].lower() in ("es", "en"):
        return {"language": code[:2].lower()}
    return {}


def _speech(rows: list[Row], meta: dict[str, Any] | None = None) -> Parsed:
    rows = merge_runs(rows, max_gap=SPEECH_MERGE_GAP)
    timed = rows and all(r[3] is not None and r[4] is not None for r in rows)
    return rows, {**(meta or {}), **({"timing": "speech"} if timed else {})}


# ---------------------------------------------------------------- Amazon Transcribe

def is_transcribe(data: Any) -> bool:
    results = data.get("results") if isinstance(data, dict) else None
    return isinstance(results, dict) and isinstance(results.get("items"), list) and (
        "speaker_labels" in results or "channel_labels" in results or "transcripts" in results)


# Shapes: "Example diarization output (batch)"
# https://docs.aws.amazon.com/transcribe/latest/dg/diarization-output-batch.html and "Example channel
# identification output (batch)" https://docs.aws.amazon.com/transcribe/latest/dg/channel-id-output-batch.html
# — results.items are words ("pronunciation", with start_time/end_time and, with diarization,
# speaker_label) and punctuation (no times, attached to the word before); speaker_labels.segments
# map word start times to speakers; channel_labels.channels hold each channel's items.
def parse_transcribe(data: dict, ctx: Context) -> Parsed:
    results = data["results"]
    words: list[tuple[str, str, float | None, float | None, bool]] = []  # speaker, content, start, end, punct
    if isinstance(results.get("channel_labels"), dict):
        for channel in _list(results["channel_labels"].get("channels")):
            label = str(channel.get("channel_label", "?")) if isinstance(channel, dict) else "?"
            for item in _list(channel.get("items") if isinstance(channel, dict) else None):
                words.append(_word(item, label))
        # Each channel's words are in order; the call interleaves them by time. A punctuation
        # mark keeps the time of its word, so a stable sort keeps it right after that word.
        keyed, last, channel = [], 0.0, None
        for w in words:
            last = w[2] if w[2] is not None else (last if w[0] == channel else 0.0)
            channel = w[0]
            keyed.append((last, w))
        keyed.sort(key=lambda pair: pair[0])
        words = [w for _, w in keyed]
    else:
        by_start: dict[str, str] = {}
        labels = results.get("speaker_labels")
        if isinstance(labels, dict):
            for segment in _list(labels.get("segments")):
                if not isinstance(segment, dict):
                    continue
                for item in _list(segment.get("items")):
                    if isinstance(item, dict) and "start_time" in item:
                        by_start[str(item["start_time"])] = str(item.get("speaker_label", segment.get("speaker_label", "?")))
        current = "?"
        for item in results["items"]:
            if not isinstance(item, dict):
                raise WorkshopError("json_turn", name=ctx.name, index=len(words) + 1)
            label = item.get("speaker_label") or by_start.get(str(item.get("start_time")))
            current = str(label) if label else current
            words.append(_word(item, current))
    rows: list[Row] = []
    opening = ""  # "¿" and "¡" belong to the word after them
    for speaker, content, start, end, punct in words:
        if punct and content in ("¿", "¡"):
            opening += content
        elif punct and rows and rows[-1][0] == speaker:
            rows[-1] = (speaker, rows[-1][1] + content, None, rows[-1][3], rows[-1][4])
        elif content and not punct:
            rows.append((speaker, opening + content, None, start, end))
            opening = ""
    if not rows:
        raise WorkshopError("no_speech", name=ctx.name)
    return _speech(rows, _language(data.get("results", {}).get("language_code")
                                              or data.get("language_code")))


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _word(item: Any, speaker: str) -> tuple[str, str, float | None, float | None, bool]:
    if not isinstance(item, dict):
        return speaker, "", None, None, False
    alternatives = _list(item.get("alternatives"))
    first = alternatives[0] if alternatives and isinstance(alternatives[0], dict) else {}
    content = first.get("content") if isinstance(first.get("content"), str) else ""
    punct = item.get("type") == "punctuation"
    return speaker, content, seconds(item.get("start_time")), seconds(item.get("end_time")), punct


# ---------------------------------------------------------------- Contact Lens

def is_contact_lens(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("Transcript"), list) and (
        "Participants" in data or "ContentMetadata" in data or any(
            isinstance(t, dict) and "ParticipantId" in t for t in data["Transcript"][:3]))


# Shape: "Example Contact Lens output files" https://docs.aws.amazon.com/connect/latest/adminguide/
# contact-lens-example-output-files.html and the Transcript type
# https://docs.aws.amazon.com/contact-lens/latest/APIReference/API_Transcript.html — Transcript[] of
# {ParticipantId: AGENT|CUSTOMER, Content, BeginOffsetMillis, EndOffsetMillis, Sentiment}; Participants[]
# gives each ParticipantId its ParticipantRole; Channel is VOICE or CHAT.
def parse_contact_lens(data: dict, ctx: Context) -> Parsed:
    roles = {}
    for p in _list(data.get("Participants")):
        if isinstance(p, dict) and isinstance(p.get("ParticipantId"), str):
            roles[p["ParticipantId"]] = str(p.get("ParticipantRole", "")).lower() or None
    rows: list[Row] = []
    for i, turn in enumerate(data["Transcript"], start=1):
        if not isinstance(turn, dict) or not isinstance(turn.get("Content"), str):
            raise WorkshopError("json_turn", name=ctx.name, index=i)
        who = str(turn.get("ParticipantId") or turn.get("ParticipantRole") or "?")
        role = roles.get(who) or (str(turn.get("ParticipantRole", "")).lower() or None)
        begin, end = seconds(turn.get("BeginOffsetMillis")), seconds(turn.get("EndOffsetMillis"))
        rows.append((who, turn["Content"].strip(), role, None if begin is None else begin / 1000,
                     None if end is None else end / 1000))
    chat = str(data.get("Channel", "")).upper() == "CHAT"
    meta: dict[str, Any] = {**_language(data.get("LanguageCode")), "channel": "chat" if chat else "phone"}
    if chat:
        rows = merge_runs(rows, "\n")
        timed = all(r[3] is not None for r in rows)
        return rows, {**meta, **({"timing": "chat"} if timed else {})}
    return _speech(rows, meta)


# ---------------------------------------------------------------- Google Speech-to-Text

def is_google(data: Any) -> bool:
    results = data.get("results") if isinstance(data, dict) else None
    return isinstance(results, list) and any(
        isinstance(r, dict) and isinstance(r.get("alternatives"), list) for r in results[:5])


# Shape: RecognizeResponse / LongRunningRecognizeResponse, "Understanding the API response"
# (https://cloud.google.com/speech-to-text/docs/basics, summarised at https://educative.io/courses/
# google-cloud-ai-speech-to-text-python-3/understanding-the-api-response) and SpeechRecognitionResult
# (https://cloud.google.com/ruby/docs/reference/google-cloud-speech-v1/latest/Google-Cloud-Speech-V1-SpeechRecognitionResult):
# results[].alternatives[0] {transcript, words[] {startTime "1.300s", endTime, word, speakerTag}}, channelTag.
# With diarization the last result repeats every word with its speakerTag; that result is read.
def parse_google(data: dict, ctx: Context) -> Parsed:
    results = [r for r in data["results"] if isinstance(r, dict)]
    tagged = None
    for result in reversed(results):
        alt = _first_alternative(result)
        if any(isinstance(w, dict) and w.get("speakerTag") for w in _list(alt.get("words"))):
            tagged = alt
            break
    rows: list[Row] = []
    if tagged is not None:
        for w in _list(tagged["words"]):
            if isinstance(w, dict) and isinstance(w.get("word"), str):
                rows.append((f"Speaker {w.get('speakerTag', '?')}", w["word"], None,
                             _duration(w.get("startTime", w.get("startOffset"))),
                             _duration(w.get("endTime", w.get("endOffset")))))
    else:
        for result in results:
            alt = _first_alternative(result)
            if not isinstance(alt.get("transcript"), str) or not alt["transcript"].strip():
                continue
            words = [w for w in _list(alt.get("words")) if isinstance(w, dict)]
            start = _duration(words[0].get("startTime", words[0].get("startOffset"))) if words else None
            end = _duration(words[-1].get("endTime", words[-1].get("endOffset"))) if words else None
            tag = result.get("channelTag")
            rows.append((f"Channel {tag}" if tag is not None else "?", alt["transcript"].strip(), None, start, end))
    if not rows:
        raise WorkshopError("no_speech", name=ctx.name)
    return _speech(rows, _language(results[-1].get("languageCode") if results else None))


def _first_alternative(result: dict) -> dict:
    alts = _list(result.get("alternatives"))
    return alts[0] if alts and isinstance(alts[0], dict) else {}


def _duration(value: Any) -> float | None:
    """Google's Duration: "1.300s" in JSON, or {"seconds": 1, "nanos": 300000000}."""
    if isinstance(value, dict):
        s, n = seconds(value.get("seconds", 0)), seconds(value.get("nanos", 0))
        return None if s is None or n is None else s + n / 1e9
    return seconds(value)


# ---------------------------------------------------------------- Azure Speech

def is_azure(data: Any) -> bool:
    return isinstance(data, dict) and (isinstance(data.get("recognizedPhrases"), list) or (
        isinstance(data.get("phrases"), list) and "combinedPhrases" in data))


# Shapes: batch transcription result files, recognizedPhrases[] {channel, speaker, offsetInTicks,
# durationInTicks, nBest[] {display}} (RecognizedPhrase, https://rubydoc.info/gems/azure_stt/AzureSTT/Models/RecognizedPhrase;
# a tick is 100 ns, https://learn.microsoft.com/azure/ai-services/speech-service/get-speech-recognition-results),
# and fast transcription, phrases[] {channel, speaker, offsetMilliseconds, durationMilliseconds, text}
# (TranscribedPhrase, https://learn.microsoft.com/javascript/api/@azure/ai-speech-transcription/transcribedphrase).
def parse_azure(data: dict, ctx: Context) -> Parsed:
    rows: list[tuple[float, Row]] = []
    batch = isinstance(data.get("recognizedPhrases"), list)
    for phrase in data["recognizedPhrases"] if batch else data["phrases"]:
        if not isinstance(phrase, dict):
            continue
        if batch:
            best = _list(phrase.get("nBest"))
            text = best[0].get("display") if best and isinstance(best[0], dict) else None
            offset, length = seconds(phrase.get("offsetInTicks")), seconds(phrase.get("durationInTicks"))
            scale = 1e7
        else:
            text = phrase.get("text")
            offset = seconds(phrase.get("offsetMilliseconds", phrase.get("offsetInMs")))
            length = seconds(phrase.get("durationMilliseconds", phrase.get("durationInMs")))
            scale = 1e3
        if not isinstance(text, str) or not text.strip():
            continue
        if phrase.get("speaker") is not None:
            who = f"Speaker {phrase['speaker']}"
        else:
            who = f"Channel {phrase.get('channel', 0)}"
        start = None if offset is None else offset / scale
        end = None if start is None or length is None else start + length / scale
        rows.append((start if start is not None else float(len(rows)), (who, text.strip(), None, start, end)))
    if not rows:
        raise WorkshopError("no_speech", name=ctx.name)
    rows.sort(key=lambda pair: pair[0])
    return _speech([r for _, r in rows], _language(data.get("locale")))
