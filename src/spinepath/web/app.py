"""The HTTP API: the engine contract's endpoints, thin doors over the contract functions."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from spinepath import __version__
from spinepath.contract import api
from spinepath.contract.errors import InputError, field_path
from spinepath.contract.models import MedicationsInput, PlanInput, TriageInput

JSON = dict[str, Any]


def _input_error_response(error: InputError) -> JSONResponse:
    body = {"field": error.field, "message": error.message, "detail": [error.as_json()]}
    return JSONResponse(status_code=422, content=body)


async def _on_input_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, InputError)
    return _input_error_response(exc)


async def _on_validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0]
    location = tuple(part for part in first["loc"] if part != "body")
    message = str(first["msg"]).removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        message = "is not a field of this input (check the spelling)"
    elif first["type"] == "missing":
        message = "is required"
    return _input_error_response(InputError(field_path(location), message))


def create_app() -> FastAPI:
    app = FastAPI(
        title="spinepath",
        version=__version__,
        description=(
            "Personalised, dated, cited plans for interventional spine and pain procedures. "
            "Bad input answers 422 with the field named."
        ),
    )
    app.add_exception_handler(InputError, _on_input_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)

    @app.get("/healthz", tags=["service"])
    def healthz() -> JSON:
        return {"status": "ok"}

    @app.get("/api/v1/catalogue", tags=["engine"])
    def catalogue() -> list[JSON]:
        return api.catalogue()

    @app.post("/api/v1/meds/parse", tags=["engine"])
    def meds_parse(body: MedicationsInput) -> list[JSON]:
        return api.parse_medications(body.lines)

    @app.post("/api/v1/plans", tags=["engine"])
    def plans(body: PlanInput) -> JSON:
        return api.make_plan(body.model_dump(mode="json", exclude_unset=True))

    @app.post("/api/v1/triage", tags=["engine"])
    def triage(body: TriageInput) -> JSON:
        return api.triage(body.model_dump(mode="json", exclude_unset=True))

    return app
