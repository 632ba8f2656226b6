"""Commands for the clinic app: demo, serve, db upgrade, users create, synth."""

from __future__ import annotations

from typing import Annotated

import typer

from spinepath.config import Settings, shown_url
from spinepath.contract.errors import Conflict, InputError, NotFound

db_app = typer.Typer(help="The database.", no_args_is_help=True)
users_app = typer.Typer(help="Users and roles.", no_args_is_help=True)

Host = Annotated[str, typer.Option(help="Address to listen on.")]
Port = Annotated[int, typer.Option(help="Port to listen on.")]


Workers = Annotated[
    int,
    typer.Option(
        min=1, max=64, help="Processes serving the app; about one per core for a busy clinic."
    ),
]


def _serve(settings: Settings, host: str, port: int, workers: int = 1) -> None:
    from spinepath.web.server import serve as run

    code = run(settings, host, port, workers)
    if code:
        raise typer.Exit(code)


def serve(host: Host = "127.0.0.1", port: Port = 8000, workers: Workers = 1) -> None:
    """Serve the app on the configured database (SPINEPATH_DATABASE_URL)."""
    settings = Settings()
    typer.echo(f"spinepath on http://{host}:{port}/  (API docs at /docs)")
    _serve(settings, host, port, workers)


def demo(host: Host = "127.0.0.1", port: Port = 8000) -> None:
    """Create (or reuse) the SQLite file, fill it with demo data, print the logins and serve."""
    from spinepath.services.demo import fill_demo
    from spinepath.web.app import build_context

    settings = Settings()
    typer.echo(f"database: {shown_url(settings.resolved_database_url())}")
    ctx = build_context(settings)
    logins = fill_demo(ctx)
    ctx.db.dispose()
    typer.echo(f"\nspinepath demo: http://{host}:{port}/\n")
    for role in ("admin", "clinician", "nurse", "patient"):
        typer.echo(f"  {role:<10} {getattr(logins, role)}  password: {logins.password}")
    typer.echo("\nPress Ctrl+C to stop.")
    _serve(settings, host, port)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Migrate the configured database to the newest schema."""
    from spinepath.store import migrate

    url = Settings().resolved_database_url()
    migrate.upgrade(url)
    typer.echo(f"database at {', '.join(sorted(migrate.current_heads(url)))}: {shown_url(url)}")


@users_app.command("create")
def users_create(
    email: Annotated[str, typer.Option(help="Login email.")],
    role: Annotated[str, typer.Option(help="admin, clinician, nurse or patient.")],
    password: Annotated[str, typer.Option(help="At least 8 characters.")],
    patient_id: Annotated[
        int | None, typer.Option(help="The patient record a patient user sees.")
    ] = None,
) -> None:
    """Create a user."""
    from spinepath.domain.records import Role
    from spinepath.services import users
    from spinepath.web.app import build_context

    if role not in {r.value for r in Role}:
        typer.echo("error: role: must be one of admin, clinician, nurse, patient", err=True)
        raise typer.Exit(2)
    ctx = build_context(Settings())
    try:
        user = users.create_user(
            ctx, email=email, role=Role(role), password=password, patient_id=patient_id
        )
    except InputError as error:
        typer.echo(f"error: {error.field}: {error.message}", err=True)
        raise typer.Exit(2) from None
    except (Conflict, NotFound) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    finally:
        ctx.db.dispose()
    typer.echo(f"created {user.role.value} {user.email} (id {user.id})")


def synth(
    patients: Annotated[int, typer.Option(help="How many synthetic patients.", min=1)] = 100,
) -> None:
    """Fill the configured database with synthetic patients, episodes, check-ins and outcomes."""
    from rich.progress import Progress

    from spinepath.services.demo import synthesise
    from spinepath.web.app import build_context

    ctx = build_context(Settings())
    with Progress() as progress:
        task = progress.add_task("synthetic patients", total=patients)
        synthesise(ctx, patients, progress=lambda n: progress.advance(task, n))
    ctx.db.dispose()
    typer.echo(f"added {patients} synthetic patients")
