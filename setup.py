"""Compile the message catalogues into the wheel, so a release needs no pybabel at run time.

Everything else about the package is declared in pyproject.toml.
"""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCatalogues(build_py):
    def run(self) -> None:
        super().run()
        for po_path in Path("matchhub/translations").glob("*/LC_MESSAGES/*.po"):
            target = Path(self.build_lib) / po_path.with_suffix(".mo")
            target.parent.mkdir(parents=True, exist_ok=True)
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            with target.open("wb") as mo_file:
                write_mo(mo_file, catalog)


setup(cmdclass={"build_py": BuildWithCatalogues})
