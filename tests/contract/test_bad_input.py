"""Bad input: the CLI exits 2 with one line naming the field; HTTP answers 422 naming it."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

import spinepath
from tests.conftest import plan_input
from tests.contract.conftest import run_cli

BAD_PLANS: list[tuple[dict[str, Any], str]] = [
    ({"procedure": "brain-surgery"}, "procedure"),
    ({"procedure_date": "10/12/2026"}, "procedure_date"),
    ({"procedure_date": "2026-02-30"}, "procedure_date"),
    ({"today": "tomorrow"}, "today"),
    ({"medications": "Xarelto"}, "medications"),
    ({"medications": ["ok", 5]}, "medications[1]"),
    ({"active_infection": "yes"}, "active_infection"),
    ({"active_infecton": True}, "active_infecton"),
    ({"spinal_level": "skull"}, "spinal_level"),
    ({"injury": "broken arm"}, "injury"),
    ({"creatinine_clearance_ml_min": -4}, "creatinine_clearance_ml_min"),
    ({"escort_arranged": 1}, "escort_arranged"),
    ({"medications": ["war\x00farin 3mg"]}, "medications"),
    ({"conditions": ["diabetes\x07"]}, "conditions"),
    # v1.1: a procedure date already past, and dates outside 1900-01-01 to 2199-12-31.
    ({"procedure_date": "2026-11-20"}, "procedure_date"),
    ({"procedure_date": "2200-01-01"}, "procedure_date"),
    ({"procedure_date": "0001-01-01"}, "procedure_date"),
    ({"today": "1899-12-31"}, "today"),
    ({"today": "9999-12-31"}, "today"),
]


def _without(data: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != key}


CASES = [(plan_input(**change), field) for change, field in BAD_PLANS] + [
    (_without(plan_input(), "procedure_date"), "procedure_date"),
    (_without(plan_input(), "procedure"), "procedure"),
]
IDS = [field for _, field in CASES[:-2]] + ["missing-procedure_date", "missing-procedure"]


@pytest.mark.parametrize(("data", "field"), CASES, ids=IDS)
def test_python_raises_input_error_naming_the_field(data: dict[str, Any], field: str) -> None:
    with pytest.raises(spinepath.InputError) as caught:
        spinepath.make_plan(data)
    assert caught.value.field == field


@pytest.mark.parametrize(("data", "field"), CASES, ids=IDS)
def test_cli_exits_2_with_one_line_naming_the_field(data: dict[str, Any], field: str) -> None:
    done = run_cli("plan", "--json", "-", stdin=json.dumps(data))
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"error: {field}:")
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(("data", "field"), CASES, ids=IDS)
def test_http_answers_422_naming_the_field(data: dict[str, Any], field: str, api_url: str) -> None:
    response = httpx.post(f"{api_url}/api/v1/plans", json=data)
    assert response.status_code == 422
    assert response.json()["field"] == field


def test_cli_refuses_files_it_cannot_read_or_parse(tmp_path: Any) -> None:
    missing = run_cli("plan", "--json", str(tmp_path / "nope.json"))
    assert missing.returncode == 2
    assert missing.stderr.startswith("error: FILE:")
    broken = run_cli("plan", "--json", "-", stdin="{not json")
    assert broken.returncode == 2
    assert "not valid JSON" in broken.stderr
    not_object = run_cli("plan", "--json", "-", stdin="[1, 2]")
    assert not_object.returncode == 2
    assert not_object.stderr.startswith("error: (input):")


def test_http_refuses_a_body_that_is_not_json(api_url: str) -> None:
    response = httpx.post(
        f"{api_url}/api/v1/plans", content=b"{oops", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert "field" in response.json()
