"""spinepath: care pathways for interventional spine and pain procedures.

The engine contract (v1) in Python::

    import spinepath
    spinepath.catalogue()
    spinepath.parse_medications(["Xarelto 20mg OD"])
    spinepath.make_plan({"procedure": "drg-block", "procedure_date": "2026-12-10"})
    spinepath.triage({...})
"""

from spinepath.contract.api import catalogue, make_plan, parse_medications, triage
from spinepath.contract.errors import InputError

__all__ = ["InputError", "catalogue", "make_plan", "parse_medications", "triage"]
__version__ = "0.1.0"
