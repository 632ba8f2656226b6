"""The example patient of the README's first command."""

from __future__ import annotations

import datetime as dt
from typing import Any


def example_plan_input(today: dt.date | None = None) -> dict[str, Any]:
    """A DRG block 16 days from today, on rivaroxaban and metformin, with type 2 diabetes."""
    today = today or dt.date.today()
    return {
        "procedure": "drg-block",
        "procedure_date": (today + dt.timedelta(days=16)).isoformat(),
        "today": today.isoformat(),
        "medications": ["Xarelto 20mg OD", "metformin 500mg twice a day", "Lyrica 75mg bd"],
        "conditions": ["type 2 diabetes", "sciatica"],
        "allergies": ["iodinated contrast"],
        "pregnancy_possible": False,
        "active_infection": False,
        "travel_within_14_days_after": False,
        "escort_arranged": True,
        "other_treatments_tried": True,
        "spinal_level": "lumbar",
    }
