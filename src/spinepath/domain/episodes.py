"""The pathway an episode moves through, and which moves are allowed."""

from __future__ import annotations

from enum import StrEnum


class EpisodeState(StrEnum):
    REFERRED = "referred"
    ASSESSED = "assessed"
    CONSENTED = "consented"
    SCHEDULED = "scheduled"
    DONE = "done"
    FOLLOWED_UP = "followed_up"
    CLOSED = "closed"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"


S = EpisodeState
TRANSITIONS: dict[EpisodeState, frozenset[EpisodeState]] = {
    S.REFERRED: frozenset({S.ASSESSED, S.CANCELLED, S.POSTPONED}),
    S.ASSESSED: frozenset({S.CONSENTED, S.CANCELLED, S.POSTPONED}),
    S.CONSENTED: frozenset({S.SCHEDULED, S.CANCELLED, S.POSTPONED}),
    S.SCHEDULED: frozenset({S.DONE, S.CANCELLED, S.POSTPONED}),
    S.DONE: frozenset({S.FOLLOWED_UP, S.CLOSED}),
    S.FOLLOWED_UP: frozenset({S.CLOSED}),
    S.POSTPONED: frozenset({S.ASSESSED, S.CANCELLED}),
    S.CANCELLED: frozenset(),
    S.CLOSED: frozenset(),
}
ACTIVE = frozenset({S.REFERRED, S.ASSESSED, S.CONSENTED, S.SCHEDULED, S.POSTPONED})
NEEDS_REASON = frozenset({S.CANCELLED, S.POSTPONED})


def transition_problem(
    current: EpisodeState,
    target: EpisodeState,
    *,
    reason: str | None,
    has_consent: bool,
    plan_status: str,
) -> str | None:
    """Why a move is refused, or None when it is allowed."""
    if target not in TRANSITIONS[current]:
        allowed = ", ".join(sorted(TRANSITIONS[current])) or "none"
        return f"cannot move from {current} to {target}; allowed: {allowed}"
    if target in NEEDS_REASON and not (reason and reason.strip()):
        return f"moving to {target} needs a reason"
    if target is S.CONSENTED and not has_consent:
        return "record consent before marking the episode consented"
    if target is S.SCHEDULED and plan_status in {"postpone", "not_eligible"}:
        return f"the plan says {plan_status}; resolve it before scheduling"
    return None
