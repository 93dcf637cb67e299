"""Redaction runs on every format, not only on "Speaker: text" lines: the masking step sits after the parsers."""
from __future__ import annotations

import json

import workshop

WHATSAPP = ("12/03/24, 10:42 - Soporte Ana: Hola, ¿en qué le ayudo?\n"
            "12/03/24, 10:43 - Carlos: Mi tarjeta 4111 1111 1111 1111 no pasa, me llamo Carlos Pérez "
            "y mi correo es carlos.perez@example.com\n"
            "12/03/24, 10:44 - Soporte Ana: Lo reviso ahora, Carlos.\n")

def test_a_whatsapp_export_is_masked_and_keeps_its_times(tmp_path):
    path = tmp_path / "chat.txt"
    path.write_text(WHATSAPP, encoding="utf-8")
    t = workshop.load(path)
    text = "\n".join(turn.text for turn in t.turns) + " ".join(turn.speaker for turn in t.turns)
    for secret in ("4111", "carlos.perez@example.com", "Pérez"):
        assert secret not in text
    assert "[TARJETA-1]" in text and "[CORREO-1]" in text
    assert all(turn.start is not None for turn in t.turns)  # the chat's times survive the masking
    assert any(n.code == "notice_redacted" for n in t.notices)


def test_no_redact_keeps_a_whatsapp_export_as_it_is(tmp_path):
    path = tmp_path / "chat.txt"
    path.write_text(WHATSAPP, encoding="utf-8")
    t = workshop.load(path, redact=False)
    assert "4111 1111 1111 1111" in t.turns[1].text
