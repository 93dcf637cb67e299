"""Puts the app's notebook and Voilà options into the wheel, for `workshop serve` from an installed package.

Rule packs, transcripts, schema and configuration are package data already
(workshop/data, see pyproject.toml); these files live at the repository's
root in the product layout, so the wheel gets copies under workshop/data.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithApp(build_py):
    def run(self):
        super().run()
        root = Path(__file__).parent
        target = Path(self.build_lib) / "workshop" / "data"
        (target / "notebooks").mkdir(parents=True, exist_ok=True)
        for name in ("workshop.ipynb", "self-study.ipynb"):
            shutil.copy2(root / "notebooks" / name, target / "notebooks" / name)
        shutil.copy2(root / "voila.json", target / "voila.json")


setup(cmdclass={"build_py": BuildPyWithApp})
