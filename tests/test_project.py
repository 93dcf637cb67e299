"""The repository itself: what a new user and CI rely on."""
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_mirrors_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {_name(r) for r in project["dependencies"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    listed = set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            listed |= {_name(r) for r in dep["pip"] if r.strip() not in (".", "-e .")}
        else:
            listed.add(_name(dep))
    listed -= {"python", "pip"}
    assert listed == declared


def test_test_only_libraries_stay_out_of_the_runtime_dependencies():
    """wordfreq (58 MB) serves one test; jsonschema took a second to import where fastjsonschema takes ms."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {_name(r) for r in project["dependencies"]}
    test_extra = {_name(r) for r in project["optional-dependencies"]["test"]}
    assert "wordfreq" in test_extra and "wordfreq" not in declared
    assert "jsonschema" not in declared and {"fastjsonschema", "babel"} <= declared
    assert "pip install -e '.[test]'" in (ROOT / "environment.yml").read_text()


def test_readme_shows_the_two_commands_and_ci_calls_make_test():
    readme = (ROOT / "README.md").read_text()
    assert "make run" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_nothing_downloads_at_run_time():
    offenders = []
    for path in list((ROOT / "workshop").rglob("*.py")) + list((ROOT / "notebooks").glob("*.ipynb")):
        text = path.read_text(encoding="utf-8")
        if path.name == "identity.py":  # one request, to the JupyterHub the server runs under: the user's groups
            assert text.count("urlopen(") == 1 and 'env.get("JUPYTERHUB_API_URL"' in text
            text = text.replace("urlopen(", "")
        if re.search(r"nltk\.download\(|urlopen\(|requests\.get\(|urlretrieve\(", text):
            offenders.append(path.name)
    assert offenders == []


SCENARIO_GROUPS = {
    "no-answer-or-beyond-offer": {"no-immediate-answer", "beyond-offer"},
    "service-chain-failure": {"service-chain-failure"},
    "missing-information": {"missing-information"},
    "misunderstanding": {"misunderstanding"},
    "insists-on-solution": {"insists-on-solution"},
    "angry-from-start": {"angry-from-start"},
}


def test_sample_library_covers_languages_channels_scenarios_and_good_practice():
    files = sorted((ROOT / "data" / "transcripts").glob("*.json"))
    seen: dict[str, list[dict]] = {"es": [], "en": []}
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert {"id", "title", "language", "channel", "industry", "scenario", "difficulty", "goals", "turns",
                "model_rewrite"} <= set(data), path.name
        assert data["id"] == path.stem
        seen[data["language"]].append(data)
    for lang, items in seen.items():
        assert len(items) >= 12, lang
        assert {d["channel"] for d in items} == {"phone", "chat", "email"}, lang
        assert {d["difficulty"] for d in items} == {"easy", "medium", "hard"}, lang
        assert len({d["industry"] for d in items}) >= 5, lang
        for group, scenarios in SCENARIO_GROUPS.items():
            assert sum(d["scenario"] in scenarios for d in items) >= 2, (lang, group)
        assert sum(bool(d.get("good_practice")) for d in items) >= 2, lang


def test_installed_package_finds_packs_and_samples(tmp_path):
    """Build the package as a wheel would (setup.py's build_py) and use it from outside the checkout."""
    lib = tmp_path / "lib"
    subprocess.run([sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(lib)],
                   cwd=ROOT, check=True, capture_output=True)
    assert (lib / "workshop" / "data" / "rules" / "es.yaml").is_file()
    assert (lib / "workshop" / "data" / "schema" / "transcript.schema.json").is_file()
    assert (lib / "workshop" / "app" / "roleplay.js").is_file()  # the role-play widget's own JavaScript
    assert (lib / "workshop" / "app" / "popover.js").is_file()  # the highlight popover
    for lang in ("es", "en"):  # the message catalogs
        assert (lib / "workshop" / "locale" / lang / "LC_MESSAGES" / "workshop.po").is_file()
    assert (lib / "workshop" / "data" / "notebooks" / "workshop.ipynb").is_file()  # for `workshop serve`
    assert (lib / "workshop" / "data" / "voila.json").is_file()
    assert (lib / "workshop" / "data" / "config" / "workshop.yaml").is_file()
    code = ("import workshop, workshop.resources as r; print(r.data_dir()); "
            "print(len(workshop.samples())); print(workshop.analyze('Agente: Eh, hola.').findings[0].category); "
            "from workshop.i18n import t; print(t('words_count', 'es', n=1).replace(' ', '_'))")
    env = {**os.environ, "PYTHONPATH": str(lib)}
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, check=True,
                         capture_output=True, text=True).stdout.split()
    assert out[0] == str(lib / "workshop" / "data")
    assert int(out[1]) >= 24
    assert out[2] == "filler"
    assert out[3] == "1_palabra"


def test_import_does_not_pull_heavy_libraries():
    """`import workshop` stays fast because nltk and pandas load on first use."""
    code = "import sys, workshop; print(' '.join(m for m in ('nltk', 'pandas') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == ""


def test_voila_options_are_safe_and_each_is_documented():
    config = json.loads((ROOT / "voila.json").read_text())
    assert config["VoilaConfiguration"]["show_tracebacks"] is False
    assert config["VoilaConfiguration"]["strip_sources"] is True
    assert config["Voila"]["ip"] == "127.0.0.1"
    readme = (ROOT / "README.md").read_text()
    for section, options in config.items():
        for option in options:
            assert f"`{section}.{option}`" in readme or f"`{option}`" in readme, option


def test_notebooks_are_committed_without_outputs():
    for path in (ROOT / "notebooks").glob("*.ipynb"):
        cells = json.loads(path.read_text())["cells"]
        assert all(not c.get("outputs") and c.get("execution_count") is None
                   for c in cells if c["cell_type"] == "code"), path.name


def test_each_notebook_opens_with_an_explanation_in_both_languages():
    for path in (ROOT / "notebooks").glob("*.ipynb"):
        first = "".join(json.loads(path.read_text())["cells"][0]["source"])
        assert "ES" in first and "EN" in first, path.name
