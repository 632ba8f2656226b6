"""The breadth vocabulary: DrugBank Open Data common names, as the installed package ships
them, taken only where they are no ordinary word and no name already reviewed."""

from __future__ import annotations

from spinepath.domain.model import Knowledge
from spinepath.knowledge import drugbank
from spinepath.knowledge.vocabulary import english_words


def test_the_shipped_names_are_what_the_installed_package_gives() -> None:
    """Regenerating the file from the locked package version changes nothing."""
    version, names = drugbank.extract()
    assert drugbank.NAMES_FILE.read_text(encoding="utf-8") == drugbank.render(version, names)
    assert len(names) > 5000


def test_no_vocabulary_name_is_an_ordinary_word_or_a_reviewed_name(knowledge: Knowledge) -> None:
    unreviewed = knowledge.unreviewed
    assert {"gentamicin", "meropenem", "teicoplanin"} <= unreviewed
    assert not unreviewed & english_words()
    assert not unreviewed & knowledge.lexicon.ordinary
    assert not unreviewed & set(knowledge.medicines)
    assert all(len(name) >= 5 and name.isalpha() for name in unreviewed)
    # A name the reviewed lexicon writes keeps its reviewed meaning and classes.
    assert knowledge.lexicon.single["warfarin"].classes == ("anticoagulant",)
    assert knowledge.lexicon.single["gentamicin"].classes == ()
