"""The medicine names read for breadth: DrugBank Open Data common names (CC0).

``data/drugbank_names.txt`` holds the one-word common names of the DrugBank entries in the
dictionary that the ``drug-named-entity-recognition`` package ships (MIT; its DrugBank part
is DrugBank Open Data, CC0). Only the common name of an entry with a DrugBank id is taken:
the package's other synonyms come partly from Wikipedia (CC BY-SA), so they are left out.
The names carry no classes. A line naming one is read as that medicine, gets no hold and
raises ``unreviewed-medication`` for a clinician (ADR 6).

``python -m spinepath.knowledge.drugbank`` writes the file again from the installed package
(a development dependency); a test checks that the file matches it.
"""

from __future__ import annotations

import bz2
import pickle
import re
import sys
from importlib import metadata
from pathlib import Path

NAMES_FILE = Path(__file__).parent / "data" / "drugbank_names.txt"
PACKAGE = "drug-named-entity-recognition"
_ONE_WORD = re.compile(r"[a-z]{5,}")


def header(version: str) -> str:
    return (
        "# DrugBank Open Data common names (CC0 1.0), one-word names of five letters or more,\n"
        f"# as shipped in {PACKAGE} {version} (MIT). Written by\n"
        "# `python -m spinepath.knowledge.drugbank`; do not edit by hand.\n"
    )


def extract() -> tuple[str, list[str]]:
    """The installed package's version and its DrugBank common names, lower case, sorted."""
    import drug_named_entity_recognition as package  # type: ignore[import-untyped]

    version = metadata.version(PACKAGE)
    path = Path(package.__file__).parent / "drug_ner_dictionary.pkl.bz2"
    with bz2.open(path) as file:
        dictionary = pickle.load(file)  # the package's own data file, installed from PyPI
    names = {
        entry["name"].lower()
        for entry in dictionary["drug_canonical_to_data"].values()
        if "drugbank_id" in entry and "name" in entry
    }
    return version, sorted(n for n in names if _ONE_WORD.fullmatch(n))


def render(version: str, names: list[str]) -> str:
    return header(version) + "".join(f"{name}\n" for name in names)


def main() -> int:
    version, names = extract()
    NAMES_FILE.write_text(render(version, names), encoding="utf-8")
    print(f"{len(names)} names from {PACKAGE} {version} written to {NAMES_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
