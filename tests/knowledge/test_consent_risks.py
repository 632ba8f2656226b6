"""Consent risks follow the spinal level, and the operations name their serious risks."""

from __future__ import annotations

import pytest

from spinepath.domain.consent import consent_risks, frequency
from spinepath.domain.model import Knowledge

DRG_BY_LEVEL = {
    "lumbar": {"temporary-numbness-weakness"},
    "sacral": {"temporary-numbness-weakness"},
    "cervical": {"temporary-numbness-weakness-arms", "cervical-severe-harm"},
    "thoracic": {"pneumothorax"},
}
LEVEL_ONLY = {"temporary-numbness-weakness", "temporary-numbness-weakness-arms"} | {
    "cervical-severe-harm",
    "pneumothorax",
}


@pytest.mark.parametrize("level", sorted(DRG_BY_LEVEL))
def test_a_drg_block_form_holds_the_risks_of_its_level_only(
    level: str, knowledge: Knowledge
) -> None:
    form = {risk.id for risk in consent_risks(knowledge.procedures["drg-block"], level)}
    assert form & LEVEL_ONLY == DRG_BY_LEVEL[level]
    assert {"infection", "nerve-injury", "eyesight", "tenderness-bruising"} <= form


def test_an_unknown_level_leaves_no_risk_off_the_form(knowledge: Knowledge) -> None:
    procedure = knowledge.procedures["drg-block"]
    assert consent_risks(procedure, None) == procedure.side_effects


@pytest.mark.parametrize("procedure", ["facet-rfa", "medial-branch-block"])
def test_a_collapsed_lung_is_a_risk_of_the_chest_level_only(
    procedure: str, knowledge: Knowledge
) -> None:
    content = knowledge.procedures[procedure]
    assert "pneumothorax" in {r.id for r in consent_risks(content, "thoracic")}
    assert "pneumothorax" not in {r.id for r in consent_risks(content, "lumbar")}


SERIOUS = {
    "drez-lesioning": {"weakness-for-a-while", "spinal-fluid-leak", "serious-lasting-harm"},
    "revision-spine-surgery": {"dural-tear", "wound-infection", "new-nerve-damage"},
    "vertebral-augmentation": {"cement-leak", "cement-on-nerves", "cement-in-lungs"},
}


@pytest.mark.parametrize("procedure", sorted(SERIOUS))
def test_the_operations_name_their_serious_risks_from_published_sources(
    procedure: str, knowledge: Knowledge
) -> None:
    content = knowledge.procedures[procedure]
    risks = {risk.id: risk for risk in content.side_effects}
    assert SERIOUS[procedure] <= set(risks)
    for risk_id in SERIOUS[procedure]:
        risk = risks[risk_id]
        source = knowledge.sources[risk.source]
        assert not risk.source.startswith(("SEED-", "SPINEPATH-")), risk_id
        assert source.url, risk_id
        # Words and a number, such as "uncommon: about 1 in 800": the band's word, then the
        # study's own figure where the source gives one.
        words = frequency(risk, knowledge.pathway.frequency_bands)
        band_word = knowledge.pathway.frequency_bands[risk.band].split(":", 1)[0]
        assert words.startswith(f"{band_word}: "), words
        assert any(ch.isdigit() for ch in words), words
        if risk.rate is not None:
            assert words == f"{band_word}: {risk.rate}"
    with_own_rate = [r for r in SERIOUS[procedure] if risks[r].rate is not None]
    assert len(with_own_rate) >= 2, procedure


def test_a_risk_with_its_own_rate_keeps_the_band_word(knowledge: Knowledge) -> None:
    risks = {r.id: r for r in knowledge.procedures["vertebral-augmentation"].side_effects}
    bands = knowledge.pathway.frequency_bands
    assert frequency(risks["cement-leak"], bands) == "very common: about 1 in 3"
    assert frequency(risks["cement-in-lungs"], bands) == "uncommon: up to 1 in 100"
