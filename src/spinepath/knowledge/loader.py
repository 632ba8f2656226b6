"""Load the clinical content strictly, once, and hand back frozen domain objects.

Every problem in every file is collected and reported together, each with its file and
path, so that a content author fixes them in one pass. Nothing is loaded half-checked.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from spinepath.domain import model as m
from spinepath.domain.lexicon import Lexicon, LexiconConflictError
from spinepath.knowledge import coding, vocabulary
from spinepath.knowledge import schema as s

DATA_DIR = Path(__file__).parent / "data"
BREADTH_FILE = "drugbank_names.txt"  # see spinepath.knowledge.drugbank
CONTRACT_SYMPTOMS = frozenset(
    """
    chest_pain breathlessness headache injection_site_redness injection_site_warmth
    injection_site_tenderness bruising fever leg_weakness arm_weakness numbness
    incontinence visual_disturbance increased_pain wound_discharge
    """.split()
)
REQUIRED_PROCEDURES = frozenset(
    """
    drg-block interlaminar-epidural medial-branch-block facet-rfa
    sacroiliac-joint-injection vertebral-augmentation drez-lesioning revision-spine-surgery
    """.split()
)

Model = TypeVar("Model", bound=BaseModel)


class KnowledgeError(Exception):
    """The content does not load; ``problems`` lists every one, with file and path."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class _Reader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[str] = []
        self.digest = hashlib.sha256()

    def read_lines(self, relative: str) -> tuple[str, ...]:
        """A plain list, one item per line, ``#`` comments skipped; none if the file is absent."""
        path = self.root / relative
        if not path.exists():
            return ()
        raw = path.read_bytes()
        self.digest.update(relative.encode() + b"\0" + raw)
        lines = raw.decode("utf-8").splitlines()
        return tuple(line for line in lines if line.strip() and not line.startswith("#"))

    def read(self, relative: str, schema: type[Model]) -> Model | None:
        path = self.root / relative
        try:
            raw = path.read_bytes()
            data = yaml.safe_load(raw)
        except (OSError, yaml.YAMLError) as exc:
            self.problems.append(f"{relative}: {exc}")
            return None
        self.digest.update(relative.encode() + b"\0" + raw)
        try:
            return schema.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                where = ".".join(str(part) for part in error["loc"]) or "(file)"
                self.problems.append(f"{relative}: {where}: {error['msg']}")
            return None


def _steps(table: dict[s.RiskClass, s.ActionSchema]) -> dict[m.RiskClass, m.HoldStep]:
    return {
        m.RiskClass(risk): m.HoldStep(m.HoldAction(step.action), step.days, step.hours)
        for risk, step in table.items()
    }


def _restarts(table: dict[s.RiskClass, int] | None) -> dict[m.RiskClass, int] | None:
    return None if table is None else {m.RiskClass(k): v for k, v in table.items()}


def _hold_rule(rule: s.HoldRuleSchema) -> m.HoldRule:
    variants = [
        m.HoldVariant(
            id=v.id,
            by_risk=_steps(v.by_risk),
            restart_hours=_restarts(v.restart_hours),
            max_dose_mg=v.when.max_dose_mg if v.when else None,
            frequencies=tuple(v.when.frequencies) if v.when else (),
            text_pattern=v.when.text_matches if v.when else None,
            note=v.note,
        )
        for v in rule.variants
    ]
    if rule.by_risk is not None:
        variants.append(
            m.HoldVariant("default", _steps(rule.by_risk), _restarts(rule.restart_hours))
        )
    renal = None
    if rule.renal is not None:
        renal = m.RenalAdjustment(
            rule.renal.below_crcl_ml_min,
            _steps(rule.renal.by_risk),
            m.Evidence(rule.renal.evidence),
            rule.renal.note,
        )
    return m.HoldRule(
        id=rule.id,
        ingredients=tuple(rule.ingredients),
        classes=tuple(rule.classes),
        evidence=m.Evidence(rule.evidence),
        source=rule.source,
        variants=tuple(variants),
        renal=renal,
        inr_check=rule.inr_check,
        note=rule.note,
    )


def _cited(item: s.Cited) -> m.Cited:
    return m.Cited(item.text, item.source)


def _procedure(p: s.ProcedureFile) -> m.Procedure:
    def cited(items: list[s.Cited]) -> tuple[m.Cited, ...]:
        return tuple(_cited(i) for i in items)

    return m.Procedure(
        id=p.id,
        name=p.name,
        plain_name=p.plain_name,
        aliases=tuple(p.aliases),
        summary=cited(p.summary),
        bleeding_risk=m.RiskClass(p.bleeding_risk.default),
        bleeding_risk_by_level={
            m.SpinalLevel(k): m.RiskClass(v) for k, v in p.bleeding_risk.by_level.items()
        },
        bleeding_risk_source=p.bleeding_risk.source,
        day_case=p.setting == "day_case",
        typical_stay=_cited(p.typical_stay),
        stay_nights=p.stay_nights,
        anaesthesia=p.anaesthesia,
        typical_duration=_cited(p.typical_duration),
        steroid=p.steroid.given,
        off_label_steroid=p.steroid.off_label,
        steroid_source=p.steroid.source,
        eligibility=tuple(
            m.EligibilityCriterion(
                e.id, e.kind, tuple(e.values), e.months, e.reason, e.source, m.Evidence(e.evidence)
            )
            for e in p.eligibility
        ),
        preparation=cited(p.preparation),
        what_to_bring=cited(p.what_to_bring),
        on_the_day=cited(p.on_the_day),
        after_care=cited(p.after_care),
        restrictions=tuple(
            m.Restriction(
                r.id,
                r.text,
                m.Duration(
                    r.duration.hours or 0,
                    r.duration.days or 0,
                    r.duration.weeks or 0,
                    r.duration.months or 0,
                ),
                r.source,
            )
            for r in p.restrictions
        ),
        side_effects=tuple(
            m.SideEffect(
                x.id,
                x.text,
                x.band,
                x.rate,
                x.source,
                tuple(m.SpinalLevel(level) for level in x.levels),
            )
            for x in p.side_effects
        ),
        red_flags=tuple(
            m.RedFlag(f.id, f.text, m.Disposition.from_word(f.action), f.source)
            for f in p.red_flags
        ),
        follow_up=tuple(
            sorted(
                (m.FollowUp(f.code, f.kind, f.days_after, f.text, f.source) for f in p.follow_up),
                key=lambda f: f.days_after,
            )
        ),
        benefit=_cited(p.benefit),
        alternatives=cited(p.alternatives),
        version=p.version,
        reviewed=p.reviewed,
        review_due=p.review_due,
    )


def _triage_rule(r: s.TriageRuleSchema) -> m.TriageRule:
    return m.TriageRule(
        disposition=m.Disposition.from_word(r.disposition),
        advice=" ".join(r.advice.split()),
        source=r.source,
        max_duration_hours=r.max_duration_hours,
        min_duration_hours=r.min_duration_hours,
        max_hours_since_procedure=r.max_hours_since_procedure,
        procedures=tuple(r.procedures),
    )


def _cited_sources(obj: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every (path, source id) named anywhere in a parsed file."""
    if isinstance(obj, BaseModel):
        obj = obj.model_dump()
    if isinstance(obj, dict):
        for key, value in obj.items():
            where = f"{path}.{key}" if path else str(key)
            if key == "source" and isinstance(value, str):
                yield where, value
            elif key == "sources" and isinstance(value, list):
                yield from ((f"{where}[{i}]", v) for i, v in enumerate(value))
            else:
                yield from _cited_sources(value, where)
    elif isinstance(obj, list):
        for i, value in enumerate(obj):
            yield from _cited_sources(value, f"{path}[{i}]")


def _check_patterns(name: str, patterns: list[str], problems: list[str]) -> None:
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            problems.append(f"{name}: pattern {pattern!r}: {exc}")


def load_knowledge(root: Path = DATA_DIR) -> m.Knowledge:
    """Read, validate and cross-check every content file under ``root``."""
    reader = _Reader(root)
    sources = reader.read("sources.yaml", s.SourcesFile)
    medicines = reader.read("medicines.yaml", s.MedicinesFile)
    words = reader.read("words.yaml", s.WordsFile)
    breadth = reader.read_lines(BREADTH_FILE)
    holds = reader.read("holds.yaml", s.HoldsFile)
    alerts = reader.read("alerts.yaml", s.AlertsFile)
    conditions = reader.read("conditions.yaml", s.ConditionsFile)
    triage = reader.read("triage.yaml", s.TriageFile)
    pathway = reader.read("pathway.yaml", s.PathwayFile)
    procedure_files = sorted((root / "procedures").glob("*.yaml"))
    procedures = {
        f.stem: reader.read(f"procedures/{f.name}", s.ProcedureFile) for f in procedure_files
    }
    problems = reader.problems
    if None in (sources, medicines, words, holds, alerts, conditions, triage, pathway) or None in (
        procedures.values()
    ):
        raise KnowledgeError(problems)
    assert sources
    assert medicines
    assert words
    assert holds
    assert alerts
    assert conditions
    assert triage
    assert pathway

    known_sources = set(sources.sources)
    files: dict[str, BaseModel] = {
        "medicines.yaml": medicines,
        "words.yaml": words,
        "holds.yaml": holds,
        "alerts.yaml": alerts,
        "conditions.yaml": conditions,
        "triage.yaml": triage,
        "pathway.yaml": pathway,
    }
    for stem, proc in procedures.items():
        assert proc is not None
        files[f"procedures/{stem}.yaml"] = proc
        if proc.id != stem:
            problems.append(f"procedures/{stem}.yaml: id: must match the file name ({stem})")
    for name, parsed in files.items():
        problems.extend(
            f"{name}: {where}: unknown source {sid!r} (not in sources.yaml)"
            for where, sid in _cited_sources(parsed)
            if sid not in known_sources
        )
    missing = REQUIRED_PROCEDURES - set(procedures)
    if missing:
        problems.append(f"procedures: missing required procedures {sorted(missing)}")
    symptom_codes = {sym.code for sym in triage.symptoms}
    if symptom_codes != CONTRACT_SYMPTOMS:
        problems.append(
            f"triage.yaml: symptoms must be exactly the contract codes; "
            f"missing {sorted(CONTRACT_SYMPTOMS - symptom_codes)}, "
            f"extra {sorted(symptom_codes - CONTRACT_SYMPTOMS)}"
        )
    for rule in triage.combinations:
        unknown = set(rule.all_of + rule.any_of) - symptom_codes
        if unknown:
            problems.append(f"triage.yaml: combinations.{rule.id}: unknown {sorted(unknown)}")
    for concept in conditions.conditions:
        _check_patterns(f"conditions.yaml: {concept.id}", concept.patterns, problems)
    _check_patterns("conditions.yaml: past_patterns", conditions.past_patterns, problems)
    _check_patterns("conditions.yaml: negation_patterns", conditions.negation_patterns, problems)
    concepts = coding.condition_concepts(conditions, problems)
    for note in conditions.allergy_notes:
        _check_patterns(f"conditions.yaml: allergy_notes.{note.id}", note.patterns, problems)
    _check_patterns(
        "conditions.yaml: no_allergy_patterns", conditions.no_allergy_patterns, problems
    )

    meds = vocabulary.medicines(medicines)
    ingredients = {x.ingredient for x in meds}
    if len(ingredients) != len(meds):
        problems.append("medicines.yaml: an ingredient is listed twice")
    combos = vocabulary.combinations(medicines)
    for combo in combos:
        unknown = set(combo.ingredients) - ingredients
        if unknown:
            problems.append(f"medicines.yaml: combination {combo.name}: unknown {sorted(unknown)}")
    for hold in holds.rules:
        unknown = set(hold.ingredients) - ingredients
        if unknown:
            problems.append(f"holds.yaml: rule {hold.id}: ingredients not in the lexicon {unknown}")
        for variant in hold.variants:
            if variant.when and variant.when.text_matches:
                _check_patterns(f"holds.yaml: {hold.id}", [variant.when.text_matches], problems)
    aliases: dict[str, str] = {}
    for stem, proc in procedures.items():
        assert proc is not None
        for alias in (proc.id, *proc.aliases):
            key = alias.lower()
            if aliases.get(key, stem) != stem:
                problems.append(
                    f"procedures/{stem}.yaml: alias {alias!r} also names {aliases[key]}"
                )
            aliases[key] = stem
    lexicon: Lexicon | None = None
    unreviewed: tuple[m.Medicine, ...] = ()
    try:
        lexicon, unreviewed = vocabulary.build_lexicon(medicines, words, breadth)
    except (LexiconConflictError, KeyError) as exc:
        problems.append(f"medicines.yaml: {exc}")
    if problems or lexicon is None:
        raise KnowledgeError(problems)

    time_h, time_m = (int(x) for x in pathway.default_procedure_time.split(":"))
    return m.Knowledge(
        version=reader.digest.hexdigest()[:12],
        sources={
            key: m.Source(key, v.short, v.title, v.publisher, v.year, v.url, v.version)
            for key, v in sources.sources.items()
        },
        procedures={stem: _procedure(p) for stem, p in procedures.items() if p is not None},
        aliases=aliases,
        medicines={x.ingredient: x for x in meds},
        combinations=combos,
        hold_rules=tuple(_hold_rule(r) for r in holds.rules),
        alerts={
            code: m.AlertDefinition(
                code,
                m.Severity(a.severity),
                m.Status.from_word(a.effect),
                " ".join(a.message.split()),
                a.source,
            )
            for code, a in alerts.alerts.items()
        },
        conditions=concepts,
        condition_wording=coding.condition_wording(conditions),
        no_allergy_patterns=tuple(conditions.no_allergy_patterns),
        allergy_notes=tuple(
            m.AllergyNote(n.id, tuple(n.patterns), n.note, n.source)
            for n in conditions.allergy_notes
        ),
        symptoms={
            sym.code: m.Symptom(sym.code, sym.label, tuple(_triage_rule(r) for r in sym.rules))
            for sym in triage.symptoms
        },
        symptom_combinations=tuple(
            m.CombinationRule(
                c.id,
                tuple(c.all_of),
                tuple(c.any_of),
                m.Disposition.from_word(c.disposition),
                " ".join(c.advice.split()),
                c.source,
            )
            for c in triage.combinations
        ),
        pathway=m.PathwaySettings(
            contact_clinic_days_before=pathway.contact_clinic_days_before,
            late_notice_days=pathway.late_notice_days,
            fasting=m.Cited(" ".join(pathway.fasting.text.split()), pathway.fasting.source),
            glucose_monitoring_days=pathway.glucose_monitoring_days,
            glucose_monitoring_days_insulin=pathway.glucose_monitoring_days_insulin,
            glucose_monitoring=m.Cited(
                " ".join(pathway.glucose_monitoring.text.split()),
                pathway.glucose_monitoring.source,
            ),
            default_procedure_time=dt.time(time_h, time_m),
            frequency_bands={str(k): v for k, v in pathway.frequency_bands.items()},
            frequency_source=pathway.frequency_source,
            regions={
                code: m.Region(
                    code, r.emergency_number, r.primary_care, r.urgent_line, r.paracetamol
                )
                for code, r in pathway.regions.items()
            },
            timeline_text={
                code: m.Cited(" ".join(c.text.split()), c.source)
                for code, c in pathway.timeline_text.items()
            },
        ),
        lexicon=lexicon,
        unreviewed=frozenset(x.ingredient for x in unreviewed),
    )


@functools.cache
def default_knowledge() -> m.Knowledge:
    """The packaged content, loaded once per process."""
    return load_knowledge(DATA_DIR)
