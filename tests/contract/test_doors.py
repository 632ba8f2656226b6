"""One contract, three doors: Python, the CLI and HTTP give the same JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

import spinepath
from tests.contract.conftest import cli_json, run_cli

CASES = sorted((Path(__file__).parents[1] / "scenarios" / "cases").glob("*.yaml"))
TRIAGE_INPUT = {
    "procedure": "drg-block",
    "procedure_date": "2026-12-10",
    "reported_at": "2026-12-11T09:30",
    "symptoms": [
        {"code": "headache", "duration_hours": 30},
        {"code": "fever", "duration_hours": 2},
    ],
}
LINES = [
    "Xarelto 20mg OD",
    "metformin 500mg twice a day",
    "stopped aspirin in 2019",
    "rivaroxiban 20mg",
    "zzqx",
]


def _input(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text())["input"]
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in data.items()}


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_plan_is_the_same_through_every_door(path: Path, api_url: str, tmp_path: Path) -> None:
    plan_input = _input(path)
    python = spinepath.make_plan(plan_input)
    file = tmp_path / "input.json"
    file.write_text(json.dumps(plan_input))
    assert cli_json("plan", "--json", str(file)) == python
    assert cli_json("plan", "--json", "-", stdin=json.dumps(plan_input)) == python
    response = httpx.post(f"{api_url}/api/v1/plans", json=plan_input)
    assert response.status_code == 200
    assert response.json() == python


def test_triage_is_the_same_through_every_door(api_url: str) -> None:
    python = spinepath.triage(TRIAGE_INPUT)
    assert python["disposition"] == "contact_team"
    assert cli_json("triage", "--json", "-", stdin=json.dumps(TRIAGE_INPUT)) == python
    assert httpx.post(f"{api_url}/api/v1/triage", json=TRIAGE_INPUT).json() == python


def test_medicine_parsing_is_the_same_through_every_door(api_url: str) -> None:
    python = spinepath.parse_medications(LINES)
    assert cli_json("meds", "parse", "--json", stdin="\n".join(LINES) + "\n") == python
    assert httpx.post(f"{api_url}/api/v1/meds/parse", json={"lines": LINES}).json() == python


def test_catalogue_is_the_same_through_every_door(api_url: str) -> None:
    python = spinepath.catalogue()
    assert cli_json("catalogue", "--json") == python
    assert httpx.get(f"{api_url}/api/v1/catalogue").json() == python


def test_catalogue_has_the_contract_ids_and_classes() -> None:
    classes = {entry["id"]: entry["bleeding_risk"] for entry in spinepath.catalogue()}
    assert classes == {
        "drg-block": "intermediate",
        "interlaminar-epidural": "intermediate",
        "medial-branch-block": "intermediate",
        "facet-rfa": "intermediate",
        "sacroiliac-joint-injection": "low",
        "vertebral-augmentation": "high",
        "drez-lesioning": "high",
        "revision-spine-surgery": "high",
    }
    aliases = {a for entry in spinepath.catalogue() for a in entry["aliases"]}
    assert {
        "transforaminal-epidural",
        "nerve-root-block",
        "epidural-steroid-injection",
        "radiofrequency-ablation",
    } <= aliases


@pytest.mark.parametrize(
    "procedure",
    [e["id"] for e in spinepath.catalogue()]
    + ["transforaminal-epidural", "Radiofrequency Ablation"],
)
def test_every_procedure_answers_a_plan(procedure: str) -> None:
    plan = spinepath.make_plan(
        {"procedure": procedure, "procedure_date": "2027-03-01", "today": "2026-11-24"}
    )
    assert plan["status"] in {"ready", "needs_review", "not_eligible", "postpone"}
    assert plan["timeline"][-1]["date"] >= "2027-03-01"


def test_readable_outputs_show_the_dates_and_the_source() -> None:
    plan_input = _input(CASES[[p.stem for p in CASES].index("drg-rivaroxaban")])
    done = run_cli("plan", "-", stdin=json.dumps(plan_input))
    assert done.returncode == 0
    assert "Sun 06 Dec 2026" in done.stdout
    assert "ASRA" in done.stdout
    assert run_cli("catalogue").stdout.count("\n") >= 8
    assert "rivaroxaban" in run_cli("meds", "parse", stdin="Xarelto 20mg\n").stdout


def test_openapi_describes_the_endpoints(api_url: str) -> None:
    paths = httpx.get(f"{api_url}/openapi.json").json()["paths"]
    assert {"/api/v1/plans", "/api/v1/triage", "/api/v1/meds/parse", "/api/v1/catalogue"} <= set(
        paths
    )


def test_catalogue_gives_each_procedures_consent_risks() -> None:
    for entry in spinepath.catalogue():
        assert entry["risks"], entry["id"]
        for risk in entry["risks"]:
            assert set(risk) == {"id", "text", "frequency", "levels", "source"}
            assert risk["frequency"]
            assert set(risk["levels"]) <= {"cervical", "thoracic", "lumbar", "sacral"}
    drg = next(entry for entry in spinepath.catalogue() if entry["id"] == "drg-block")
    by_id = {risk["id"]: risk for risk in drg["risks"]}
    assert by_id["pneumothorax"]["levels"] == ["thoracic"]
    assert by_id["infection"]["levels"] == []
    assert by_id["nerve-injury"]["frequency"] == "very rare: less than 1 in 10,000"
