"""spinepath: care pathways for interventional spine and pain procedures.

The engine contract (v1) in Python::

    import spinepath
    spinepath.catalogue()
    spinepath.parse_medications(["Xarelto 20mg OD"])
    spinepath.make_plan({"procedure": "drg-block", "procedure_date": "2026-12-10"})
    spinepath.triage({...})
"""

from spinepath.contract.api import (
    catalogue,
    make_plan,
    parse_medications,
    read_conditions,
    triage,
)
from spinepath.contract.errors import InputError
from spinepath.knowledge.loader import default_knowledge as knowledge

__all__ = [
    "InputError",
    "catalogue",
    "knowledge",
    "make_plan",
    "parse_medications",
    "read_conditions",
    "triage",
]
__version__ = "0.1.0"
