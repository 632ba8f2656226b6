"""Domain values → the JSON of the engine contract. Fields may be added, never renamed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from spinepath.domain.consent import frequency, risk_levels
from spinepath.domain.facts import ConditionReading
from spinepath.domain.medications import MedicationLine, describe_matches
from spinepath.domain.model import Knowledge, Procedure
from spinepath.domain.plan import Alert, MedicationHold, Plan, TimelineEntry
from spinepath.domain.triage import TriageRequest, TriageResult, hours_since_procedure

JSON = dict[str, Any]


def _date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _cite(source_id: str, knowledge: Knowledge) -> str:
    source = knowledge.sources.get(source_id)
    return source_id if source is None else source.short


def procedure_entry(procedure: Procedure, knowledge: Knowledge) -> JSON:
    return {
        "id": procedure.id,
        "name": procedure.name,
        "bleeding_risk": procedure.bleeding_risk.value,
        "aliases": list(procedure.aliases),
        "bleeding_risk_by_level": {
            level.value: risk.value for level, risk in procedure.bleeding_risk_by_level.items()
        },
        "bleeding_risk_source": _cite(procedure.bleeding_risk_source, knowledge),
        "setting": "day_case" if procedure.day_case else "inpatient",
        "anaesthesia": procedure.anaesthesia,
        "steroid": procedure.steroid,
        "version": procedure.version,
        "review_due": procedure.review_due.isoformat(),
        "risks": [
            {
                "id": risk.id,
                "text": risk.text,
                "frequency": frequency(risk, knowledge.pathway.frequency_bands),
                "levels": list(risk_levels(risk)),
                "source": _cite(risk.source, knowledge),
            }
            for risk in procedure.side_effects
        ],
    }


def medication_line(line: MedicationLine) -> JSON:
    return {
        "input": line.input,
        "recognized": line.recognized,
        "ingredients": list(line.ingredients),
        "classes": list(line.classes),
        "dose": line.dose,
        "frequency": line.frequency,
        "current": line.current,
        "uncertain": line.uncertain,
        "corrected": [{"written": w, "read_as": n} for w, n in line.corrected],
        "candidates": list(line.candidates),
        "no_medicine": line.no_medicine,
        "none_taken": line.no_medicine,
        "matches": [
            {"ingredient": m.ingredient, "text": m.text, "how": m.how}
            for m in describe_matches(line)
        ],
        "class_only": list(line.class_only),
    }


def alert(item: Alert, knowledge: Knowledge) -> JSON:
    return {
        "code": item.code,
        "severity": item.severity.value,
        "message": item.message,
        "source": _cite(item.source, knowledge),
        "source_id": item.source,
        "effect": str(item.effect),
        "subject": item.subject,
    }


def hold(item: MedicationHold, knowledge: Knowledge) -> JSON:
    return {
        "input": item.input,
        "ingredient": item.ingredient,
        "medicine": item.medicine,
        "action": item.action.value,
        "stop_days_before": item.stop_days_before,
        "stop_hours_before": item.stop_hours_before,
        "last_dose_date": _date(item.last_dose_date),
        "last_dose_by": None
        if item.last_dose_by is None
        else item.last_dose_by.strftime("%Y-%m-%dT%H:%M"),
        "restart_hours_after": item.restart_hours_after,
        "restart_date": _date(item.restart_date),
        "source": _cite(item.source, knowledge),
        "source_id": item.source,
        "evidence": item.evidence,
        "rule": item.rule,
        "note": item.note,
        "classes": list(item.classes),
    }


def timeline_entry(entry: TimelineEntry, knowledge: Knowledge) -> JSON:
    return {
        "date": entry.date.isoformat(),
        "code": entry.code,
        "text": entry.text,
        "source": _cite(entry.source, knowledge),
    }


def plan(result: Plan, knowledge: Knowledge) -> JSON:
    procedure = result.procedure
    return {
        "procedure": {
            "id": procedure.id,
            "name": procedure.name,
            "bleeding_risk": result.bleeding_risk.value,
            "catalogue_bleeding_risk": procedure.bleeding_risk.value,
            "setting": "day_case" if procedure.day_case else "inpatient",
            "anaesthesia": procedure.anaesthesia,
        },
        "status": str(result.status),
        "alerts": [alert(a, knowledge) for a in result.alerts],
        "medication_holds": [hold(h, knowledge) for h in result.medication_holds],
        "timeline": [timeline_entry(t, knowledge) for t in result.timeline],
        "medications": [medication_line(m) for m in result.medications],
        "conditions": [condition(c) for c in result.conditions],
        "content_version": result.knowledge_version,
    }


ICD_10_CM = "http://hl7.org/fhir/sid/icd-10-cm"


def condition(reading: ConditionReading) -> JSON:
    return {
        "input": reading.text,
        "recognized": reading.recognized,
        "meaning": reading.meaning,
        "codes": [{"system": ICD_10_CM, "code": code} for code in reading.codes],
        "concepts": [
            {
                "id": f.concept.id,
                "effect": f.effect,
                "current": f.counts,
                "raises_risk": f.concept.raises_risk,
            }
            for f in reading.findings
        ],
    }


def triage_result(result: TriageResult, request: TriageRequest, knowledge: Knowledge) -> JSON:
    return {
        "disposition": str(result.disposition),
        "reasons": [
            {
                "symptom": r.symptom,
                "disposition": str(r.disposition),
                "advice": r.advice,
                "source": _cite(r.source, knowledge),
                "source_id": r.source,
            }
            for r in result.reasons
        ],
        "hours_since_procedure": round(hours_since_procedure(request), 1),
        "content_version": knowledge.version,
    }
