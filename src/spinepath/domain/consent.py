"""Which risks a procedure's consent form holds for one spinal level."""

from __future__ import annotations

from spinepath.domain.model import Procedure, SideEffect


def risk_levels(risk: SideEffect) -> tuple[str, ...]:
    """The spinal levels a risk belongs to; none given means every level."""
    levels: tuple[str, ...] = getattr(risk, "levels", ())
    return levels


def consent_risks(procedure: Procedure, spinal_level: str | None) -> tuple[SideEffect, ...]:
    """The risks for every level and those for this one (all of them when no level is
    given, so nothing is left off a form for an unknown level)."""
    return tuple(
        risk
        for risk in procedure.side_effects
        if not risk_levels(risk) or spinal_level is None or spinal_level in risk_levels(risk)
    )
