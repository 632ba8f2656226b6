"""The ``spinepath`` command line: the engine contract's commands, JSON or readable."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from spinepath.cli import clinic, readable
from spinepath.config import SettingsError
from spinepath.contract import api
from spinepath.contract.errors import InputError
from spinepath.knowledge.loader import KnowledgeError

app = typer.Typer(
    name="spinepath",
    help="Care pathways for interventional spine and pain procedures.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
meds_app = typer.Typer(help="Medication lists.", no_args_is_help=True)
app.add_typer(meds_app, name="meds")
app.add_typer(clinic.db_app, name="db")
app.add_typer(clinic.users_app, name="users")
app.command()(clinic.serve)
app.command()(clinic.demo)
app.command()(clinic.synth)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print the contract's JSON.")]


def _fail(error: InputError) -> None:
    typer.echo(f"error: {error.field}: {error.message}", err=True)
    raise typer.Exit(2)


def _read_json(source: str) -> Any:
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError("FILE", f"cannot read {source}: {exc.strerror}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError("FILE", f"is not valid JSON (line {exc.lineno}: {exc.msg})") from None


def _print_json(value: object) -> None:
    typer.echo(json.dumps(value, indent=2, ensure_ascii=False))


@app.command()
def catalogue(as_json: JsonFlag = False) -> None:
    """List the procedures the engine knows."""
    entries = api.catalogue()
    if as_json:
        _print_json(entries)
    else:
        typer.echo(readable.catalogue(entries))


@meds_app.command("parse")
def meds_parse(as_json: JsonFlag = False) -> None:
    """Read one medication per line on standard input."""
    # One object per input line, blank lines included, as the Python door does.
    lines = sys.stdin.read().splitlines()
    try:
        parsed = api.parse_medications(lines)
    except InputError as error:
        _fail(error)
    if as_json:
        _print_json(parsed)
    else:
        typer.echo(readable.medications(parsed))


@app.command()
def plan(
    file: Annotated[str, typer.Argument(help="Plan input JSON file, or - for standard input.")],
    as_json: JsonFlag = False,
) -> None:
    """Make a pre-procedure plan from a plan input."""
    try:
        result = api.make_plan(_read_json(file))
    except InputError as error:
        _fail(error)
    if as_json:
        _print_json(result)
    else:
        typer.echo(readable.plan(result))


@app.command()
def triage(
    file: Annotated[str, typer.Argument(help="Triage input JSON file, or - for standard input.")],
    as_json: JsonFlag = False,
) -> None:
    """Triage symptoms reported after a procedure."""
    try:
        result = api.triage(_read_json(file))
    except InputError as error:
        _fail(error)
    if as_json:
        _print_json(result)
    else:
        typer.echo(readable.triage(result))


@app.command()
def example(as_json: JsonFlag = False) -> None:
    """Show the plan for the example patient (DRG block, rivaroxaban, diabetes)."""
    from spinepath.cli.examples import example_plan_input

    result = api.make_plan(example_plan_input())
    if as_json:
        _print_json(result)
    else:
        typer.echo(readable.plan(result))


from spinepath.cli.documents import leaflet  # noqa: E402  (the command's own module)

app.command("leaflet")(leaflet)


def main() -> None:
    try:
        app()
    except SettingsError as error:
        typer.echo(f"error: {error}", err=True)
        raise SystemExit(2) from None
    except KnowledgeError as error:
        typer.echo("error: the clinical content does not load:", err=True)
        for problem in error.problems:
            typer.echo(f"  {problem}", err=True)
        raise SystemExit(1) from None
