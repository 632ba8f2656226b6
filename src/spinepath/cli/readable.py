"""Readable text for the terminal, from the contract's JSON."""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import Any

JSON = dict[str, Any]
_WIDTH = 88


def _wrap(text: str, indent: str = "    ") -> str:
    return textwrap.fill(text, _WIDTH, initial_indent=indent, subsequent_indent=indent)


def _day(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%a %d %b %Y")


def catalogue(entries: list[JSON]) -> str:
    rows = [f"{'id':<28} {'bleeding risk':<14} name"]
    for entry in entries:
        levels = ", ".join(f"{k} {v}" for k, v in entry["bleeding_risk_by_level"].items())
        risk = entry["bleeding_risk"] + (f" ({levels})" if levels else "")
        rows.append(f"{entry['id']:<28} {risk:<14} {entry['name']}")
    return "\n".join(rows)


def medications(lines: list[JSON]) -> str:
    rows = []
    for line in lines:
        if line["recognized"]:
            what = ", ".join(line["ingredients"]) + f"  [{', '.join(line['classes'])}]"
            extra = [x for x in (line["dose"], line["frequency"]) if x]
            if not line["current"]:
                extra.append("NOT CURRENT")
            if line["uncertain"]:
                extra.append("CHECK: read with uncertainty")
            rows.append(f"{line['input']!r:<40} → {what} {' · '.join(extra)}")
        else:
            rows.append(f"{line['input']!r:<40} → not recognised (check by hand)")
    return "\n".join(rows)


def plan(result: JSON) -> str:
    procedure = result["procedure"]
    out = [
        f"{procedure['name']} — bleeding risk {procedure['bleeding_risk']}",
        f"Status: {result['status'].upper().replace('_', ' ')}",
        "",
        "Alerts for the clinician:" if result["alerts"] else "No alerts.",
    ]
    for alert in result["alerts"]:
        out.append(f"  [{alert['severity']}] {alert['code']}")
        out.append(_wrap(alert["message"]))
        out.append(_wrap(f"source: {alert['source']}", "      "))
    if result["medication_holds"]:
        out += ["", "Medicines:"]
    for hold in result["medication_holds"]:
        when = ""
        if hold["action"] == "stop":
            when = f", last dose {_day(hold['last_dose_date'])}"
            if hold["restart_hours_after"] is not None:
                when += f", restart {hold['restart_hours_after']} h after"
        out.append(f"  {hold['medicine']}: {hold['action'].upper()}{when}")
        out.append(_wrap(f"source: {hold['source']}; evidence: {hold['evidence']}", "      "))
    out += ["", "Timeline for the patient:"]
    for entry in result["timeline"]:
        out.append(f"  {_day(entry['date'])}")
        out.append(_wrap(entry["text"]))
    return "\n".join(out)


def triage(result: JSON) -> str:
    out = [f"Disposition: {result['disposition'].upper().replace('_', ' ')}"]
    for reason in result["reasons"]:
        out.append(f"  {reason['symptom']}: {reason['disposition']}")
        out.append(_wrap(reason["advice"]))
        out.append(_wrap(f"source: {reason['source']}", "      "))
    return "\n".join(out)
