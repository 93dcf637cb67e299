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


def test_readme_shows_the_two_commands_and_ci_calls_make_test():
    readme = (ROOT / "README.md").read_text()
    assert "make run" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_nothing_downloads_at_run_time():
    offenders = []
    for path in list((ROOT / "workshop").rglob("*.py")) + list((ROOT / "notebooks").glob("*.ipynb")):
        text = path.read_text(encoding="utf-8")
        if re.search(r"nltk\.download\(|urlopen\(|requests\.get\(|urlretrieve\(", text):
            offenders.append(path.name)
    assert offenders == []


def test_sample_library_metadata():
    files = sorted((ROOT / "data" / "transcripts").glob("*.json"))
    langs = {"es": 0, "en": 0}
    channels = set()
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        langs[data["language"]] += 1
        channels.add(data["channel"])
        assert {"title", "channel", "scenario", "difficulty", "turns"} <= set(data), path.name
    assert langs["es"] >= 3 and langs["en"] >= 3
    assert {"phone", "chat"} <= channels


def test_installed_package_finds_packs_and_samples(tmp_path):
    """Build the package as a wheel would (setup.py's build_py) and use it from outside the checkout."""
    lib = tmp_path / "lib"
    subprocess.run([sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(lib)],
                   cwd=ROOT, check=True, capture_output=True)
    assert (lib / "workshop" / "_data" / "rules" / "es.yaml").is_file()
    code = ("import workshop, workshop.resources as r; print(r.data_dir()); "
            "print(len(workshop.samples())); print(workshop.analyze('Agente: Eh, hola.').findings[0].category)")
    env = {**os.environ, "PYTHONPATH": str(lib)}
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, check=True,
                         capture_output=True, text=True).stdout.split()
    assert out[0] == str(lib / "workshop" / "_data")
    assert int(out[1]) >= 6
    assert out[2] == "filler"


def test_import_does_not_pull_heavy_libraries():
    """`import workshop` stays fast because nltk and pandas load on first use."""
    code = "import sys, workshop; print(' '.join(m for m in ('nltk', 'pandas') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == ""
