"""The library's files: the schema, the checks a schema cannot make, and trainer folders."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from workshop.cli import main
from workshop.i18n import WorkshopError
from workshop.library import check_sample, library_paths, load_library

ROOT = Path(__file__).resolve().parent.parent
GOOD = json.loads((ROOT / "data" / "transcripts" / "es-banca-chat-cargo-duplicado.json").read_text())


def test_every_shipped_file_validates_against_the_schema():
    paths = library_paths()
    assert len(paths) >= 24
    ids = [check_sample(p).metadata["id"] for p in paths]
    assert len(set(ids)) == len(ids)


def write(folder: Path, name: str, data) -> Path:
    path = folder / f"{name}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def broken(tmp_path, change) -> WorkshopError:
    data = json.loads(json.dumps(GOOD))
    data["id"] = "mi-caso"
    change(data)
    with pytest.raises(WorkshopError) as error:
        check_sample(write(tmp_path, "mi-caso", data))
    return error.value


@pytest.mark.parametrize("change, where, es, en", [
    (lambda d: d.pop("scenario"), "(file)", "falta «scenario»", "“scenario” is missing"),
    (lambda d: d.update(modle_rewrite=[]), "(file)", "campo desconocido «modle_rewrite»", "unknown field “modle_rewrite”"),
    (lambda d: d.update(channel="fax"), "channel", "«fax» no es válido; use uno de: phone, chat, email",
     "“fax” is not valid"),
    (lambda d: d["turns"][3].update(text=""), "turns[3].text", "no puede estar vacío", "cannot be empty"),
    (lambda d: d["turns"][2].pop("speaker"), "turns[2]", "falta «speaker»", "“speaker” is missing"),
    (lambda d: d["model_rewrite"][0].update(turn="0"), "model_rewrite[0].turn", "debe ser un número entero",
     "must be a whole number"),
    (lambda d: d["model_rewrite"][0].update(turn=1), "model_rewrite[0].turn", "no es del agente",
     "is not the agent's"),
    (lambda d: d["model_rewrite"][0].update(turn=99), "model_rewrite[0].turn", "no existe", "does not exist"),
    (lambda d: d.update(id="otro-caso"), "id", "nombre del archivo («mi-caso»)", "file name (“mi-caso”)"),
    (lambda d: d.update(goals=[]), "goals", "necesita al menos 1 elemento", "needs at least 1 item"),
    (lambda d: d.update(title=7), "title", "debe ser un texto", "must be a text"),
    (lambda d: d.update(variety="en-IN"), "variety", "variedad de otro idioma", "variety of another language"),
    (lambda d: d.update(variety="es-CL"), "variety", "no es válido", "is not valid"),
])
def test_a_broken_file_names_the_file_the_entry_and_the_problem_in_both_languages(tmp_path, change, where, es, en):
    error = broken(tmp_path, change)
    assert error.message("es").startswith(f"mi-caso.json, {where}: ") and es in error.message("es")
    assert error.message("en").startswith(f"mi-caso.json, {where}: ") and en in error.message("en")


def test_a_file_over_the_word_limit_gets_the_loaders_message(tmp_path):
    error = broken(tmp_path, lambda d: d["turns"][1].update(text="palabra " * 500))
    assert error.code == "too_many_words"


def test_a_trainer_folder_joins_the_library_and_a_bad_file_is_skipped_not_fatal(tmp_path):
    good = dict(GOOD, id="equipo-cargo", title="Nuestro caso")
    write(tmp_path, "equipo-cargo", good)
    write(tmp_path, "roto", dict(GOOD, id="roto", difficulty="imposible"))
    errors: list = []
    titles = [t.title for t in load_library([tmp_path], errors=errors)]
    assert "Nuestro caso" in titles and len(titles) == len(library_paths()) + 1
    assert len(errors) == 1 and "roto.json, difficulty" in errors[0].message("en")
    with pytest.raises(WorkshopError):
        load_library([tmp_path])


def test_library_check_on_the_command_line(tmp_path):
    write(tmp_path, "roto", dict(GOOD, id="roto", channel="fax"))
    out, err = io.StringIO(), io.StringIO()
    assert main(["--ui", "en", "library", "--check", str(tmp_path)], out=out, err=err) == 1
    assert "roto.json, channel: “fax” is not valid" in err.getvalue()
    assert "1 of " in err.getvalue() and "es-banca-chat-cargo-duplicado.json" in out.getvalue()


def test_validating_a_trainers_file_does_not_import_jsonschema(tmp_path):
    """jsonschema took about a second to import on every kernel start with `transcript_folders` set."""
    import subprocess
    import sys

    path = write(tmp_path, "mi-caso", {**json.loads(json.dumps(GOOD)), "id": "mi-caso"})
    code = (f"import sys; from workshop.library import check_sample; check_sample({str(path)!r}); "
            "print('jsonschema' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True).stdout
    assert out.strip() == "False"


def test_every_variety_has_two_library_transcripts_with_model_rewrites():
    """Issue 12: a lead in Bogotá or Manila finds calls that sound like their floor, with a model to compare."""
    from workshop.engine.varieties import VARIETY_CODES

    by_variety: dict[str, list] = {}
    for path in library_paths():
        t = check_sample(path)
        by_variety.setdefault(t.metadata.get("variety"), []).append(t)
    for variety in VARIETY_CODES:
        shipped = by_variety.get(variety, [])
        assert len(shipped) >= 2, f"{variety}: {len(shipped)} transcripts"
        assert all(t.metadata["model_rewrite"] and t.language == variety[:2] for t in shipped), variety


