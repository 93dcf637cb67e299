"""Copies the repository's data/ folder into the wheel as workshop/_data.

The product layout keeps rule packs and transcripts in data/ at the root so
trainers find them; an installed package still needs them next to its code.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithData(build_py):
    def run(self):
        super().run()
        source = Path(__file__).parent / "data"
        target = Path(self.build_lib) / "workshop" / "_data"
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        # `workshop serve` from an installed package: the app's notebook and Voilà options
        root = Path(__file__).parent
        (target / "notebooks").mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / "notebooks" / "workshop.ipynb", target / "notebooks" / "workshop.ipynb")
        shutil.copy2(root / "voila.json", target / "voila.json")


setup(cmdclass={"build_py": BuildPyWithData})
