"""Which risks a procedure's consent form holds for one spinal level, and how often each is."""

from __future__ import annotations

from collections.abc import Mapping

from spinepath.domain.model import Procedure, SideEffect


def risk_levels(risk: SideEffect) -> tuple[str, ...]:
    """The spinal levels a risk belongs to; none given means every level."""
    return tuple(level.value for level in risk.levels)


def consent_risks(procedure: Procedure, spinal_level: str | None) -> tuple[SideEffect, ...]:
    """The risks for every level and those for this one (all of them when no level is
    given, so nothing is left off a form for an unknown level)."""
    return tuple(
        risk
        for risk in procedure.side_effects
        if not risk.levels or spinal_level is None or spinal_level in risk.levels
    )


def frequency(risk: SideEffect, bands: Mapping[str, str]) -> str:
    """ "rare: up to 1 in 1,000", or the band's word with the risk's own cited rate
    ("very common: about 1 in 3")."""
    words = bands[risk.band]
    if risk.rate is None:
        return words
    band_word = words.split(":", 1)[0]
    return f"{band_word}: {risk.rate}"
