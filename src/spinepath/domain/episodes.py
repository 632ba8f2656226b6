"""The pathway an episode moves through, and which moves are allowed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from spinepath.domain.dates import format_date


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
# A mistaken cancel or "done" can be undone by a clinician, with a reason.
REOPEN: dict[EpisodeState, EpisodeState] = {S.CANCELLED: S.ASSESSED, S.DONE: S.SCHEDULED}


@dataclass(frozen=True, slots=True)
class EpisodeFacts:
    """What the pathway needs to know to allow a move."""

    has_consent: bool
    plan_status: str
    signed_off: bool
    procedure_date: dt.date
    today: dt.date
    may_reopen: bool  # the user is a clinician


def transition_problem(
    current: EpisodeState, target: EpisodeState, *, reason: str | None, facts: EpisodeFacts
) -> str | None:
    """Why a move is refused, or None when it is allowed."""
    has_reason = bool(reason and reason.strip())
    if REOPEN.get(current) is target:
        if not facts.may_reopen:
            return f"only a clinician can reopen an episode that is {current.replace('_', ' ')}"
        if not has_reason:
            return "reopening an episode needs a reason"
        return None
    if target not in TRANSITIONS[current]:
        allowed = ", ".join(sorted(TRANSITIONS[current])) or "none"
        return f"cannot move from {current} to {target}; allowed: {allowed}"
    if target in NEEDS_REASON and not has_reason:
        return f"moving to {target} needs a reason"
    if target is S.CONSENTED and not facts.has_consent:
        return "record consent before marking the episode consented"
    if target is S.SCHEDULED:
        if facts.plan_status in {"postpone", "not_eligible"}:
            return f"the plan says {facts.plan_status}; resolve it before scheduling"
        if not facts.signed_off:
            return "a clinician must sign off the plan before the procedure is scheduled"
        if not facts.has_consent:
            return "record consent before scheduling the procedure"
    if target is S.DONE and facts.today < facts.procedure_date:
        return (
            "the procedure cannot be marked done before its date "
            f"({format_date(facts.procedure_date)})"
        )
    return None
