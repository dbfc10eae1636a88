"""`hospital`: run and inspect the CDC analytics platform. Every command has help and an example."""

from __future__ import annotations

import json
import sys

import click

from hospital.errors import HospitalError
from hospital.settings import get_settings


class OneLineErrors(click.Group):
    """Report product errors as one clear line (exit 1), not a stack trace."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except HospitalError as exc:
            click.secho(f"error: {exc}", fg="red", err=True)
            sys.exit(1)


@click.group(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Real-time hospital analytics: Postgres -> Debezium -> Kafka -> Flink -> sinks.

    Example: hospital up && hospital seed --scale 1 && hospital stream --duration 60
    """


@cli.command()
def up() -> None:
    """Start every local service, migrate, register the connector (idempotent).

    Returns once everything is healthy; a second run only checks.

    Example: hospital up
    """
    from hospital.local import stack

    stack.up(get_settings(), progress=click.echo)
    click.secho("stack is up: `hospital status` shows its health", fg="green")


@cli.command()
@click.option("--purge", is_flag=True, help="Also delete all data (databases, topics, state).")
def down(purge: bool) -> None:
    """Stop everything `hospital up` started. Data is kept unless --purge.

    Example: hospital down --purge
    """
    from hospital.local import stack

    stack.down(get_settings(), purge=purge, progress=click.echo)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def status(as_json: bool) -> None:
    """Health of each service, connector and Flink job states, lag per stage, rows per sink.

    Lag is WAL bytes not yet confirmed by Debezium and, per consumer group, messages not
    yet committed. Rows are live rows per table in Postgres and in each sink now.

    Example: hospital status --json
    """
    from hospital.local import stack
    from hospital.status_view import render_status

    report = stack.status(get_settings())
    if as_json:
        click.echo(json.dumps(report, indent=2, default=str))
    else:
        render_status(report)
    healthy = all(s["healthy"] for s in report["services"].values())
    sys.exit(0 if healthy else 1)


def main() -> None:
    from hospital.commands import register_all

    register_all(cli)
    cli(prog_name="hospital")


if __name__ == "__main__":
    main()
