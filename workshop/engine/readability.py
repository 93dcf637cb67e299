"""Readability formulas and their scales, from our own word, sentence and syllable counts.

Spanish: Szigriszt-Pazos (1993) with the INFLESZ scale, and Fernández-Huerta
(1959); English: Flesch Reading Ease (1948). textstat drops very short
sentences and needs a download for English syllables, so the counts are ours
(`workshop.engine.text.syllables`).
"""
from __future__ import annotations


def fernandez_huerta(words: int, sentences: int, syllables_: int) -> float:
    """Fernández Huerta (1959), "Medidas sencillas de lectura", Consigna 214: 29–32.

    L = 206.84 − 0.60·P − 1.02·F, with P syllables and F sentences per 100
    words (the corrected reading of the formula, Law 2011). 0–100, higher is easier.
    """
    return 206.84 - 60.0 * syllables_ / words - 102.0 * sentences / words


def szigriszt_pazos(words: int, sentences: int, syllables_: int) -> float:
    """Szigriszt Pazos (1993), "Sistemas predictivos de legibilidad del mensaje escrito: fórmula de perspicuidad".

    P = 206.835 − 62.3·(syllables/words) − (words/sentences). 0–100, higher is easier.
    """
    return 206.835 - 62.3 * syllables_ / words - words / sentences


def flesch_reading_ease(words: int, sentences: int, syllables_: int) -> float:
    """Flesch (1948), "A new readability yardstick", Journal of Applied Psychology 32(3): 221–233.

    RE = 206.835 − 1.015·(words/sentences) − 84.6·(syllables/words). 0–100, higher is easier.
    """
    return 206.835 - 1.015 * words / sentences - 84.6 * syllables_ / words


# INFLESZ scale for Szigriszt-Pazos: Barrio-Cantalejo et al. (2008), "Validación
# de la Escala INFLESZ", Anales del Sistema Sanitario de Navarra 31(2): 135–152.
# Bands are codes; their names are the catalog's readability_band_* entries.
INFLESZ = ((40, "inflesz_very_difficult"), (55, "inflesz_somewhat_difficult"), (65, "inflesz_normal"),
           (80, "inflesz_fairly_easy"), (float("inf"), "inflesz_very_easy"))
# Flesch's own interpretation table (1948).
FLESCH = ((30, "flesch_very_difficult"), (50, "flesch_difficult"), (60, "flesch_fairly_difficult"),
          (70, "flesch_standard"), (80, "flesch_fairly_easy"), (90, "flesch_easy"), (float("inf"), "flesch_very_easy"))


def band(score: float | None, scale) -> str:
    """The band code of a score on a scale ("" without a score)."""
    if score is None:
        return ""
    for upper, code in scale:
        if score < upper:
            return code
    return ""
