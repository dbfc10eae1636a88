"""`hospital seed` and `hospital stream`."""

from __future__ import annotations

import json
import math
import random
import signal
import threading

import click

from hospital.settings import get_settings


class Rate(click.ParamType):
    """A rate per second: a positive number, or `max` (also `0`) for as fast as possible."""

    name = "RATE"

    def convert(self, value, param, ctx):
        if isinstance(value, (int, float)):
            number = float(value)
        elif str(value).strip().lower() == "max":
            return math.inf
        else:
            try:
                number = float(value)
            except ValueError:
                self.fail(f"{value!r} is not a number or 'max'", param, ctx)
        if number < 0:
            self.fail("a rate cannot be negative", param, ctx)
        return math.inf if number == 0 else number


class VitalsRate(Rate):
    """Readings per second: 0 (the default) sends none, `max` sends as fast as possible."""

    def convert(self, value, param, ctx):
        if str(value).strip() in ("0", "0.0"):
            return 0.0
        return super().convert(value, param, ctx)


@click.command()
@click.option("--scale", type=click.FloatRange(min=0, min_open=True), default=1.0, show_default=True,
              help="Size multiplier: 1 = 50 doctors, 1,000 patients, 200 medicines, ~2,500 visits.")
@click.option("--seed", "seed_value", type=int, default=42, show_default=True,
              help="Random seed: the same seed and scale give the same data (a second run is a no-op).")
@click.option("--schema", default="public", hidden=True, help="Target schema (tests use private ones).")
def seed(scale: float, seed_value: int, schema: str) -> None:
    """Create reference data and a history: doctors, patients, medicines, devices, visits,
    prescriptions and bills. Ids come from the database; rows are loaded with COPY in one
    transaction. Devices get a key id when HOSPITAL_VITALS__KEYS_FILE is set.

    Example: hospital seed --scale 1 --seed 42
    """
    from generator.seed_load import seed_database

    result = seed_database(get_settings(), scale=scale, seed=seed_value, schema=schema)
    summary = ", ".join(f"{count:,} {name}" for name, count in result.counts.items())
    if result.already_loaded:
        click.echo(f"seed {seed_value} is already loaded in schema {schema!r} ({summary}); "
                   "nothing to do. Use another --seed to add more data.")
        return
    click.secho(f"seeded {summary} in {result.seconds:.1f} s (seed {seed_value}, scale {scale:g})", fg="green")


@click.command()
@click.option("--rate", type=Rate(), default="100", show_default=True,
              help="Target row changes per second; 'max' or 0 for as fast as possible.")
@click.option("--duration", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Seconds to run (default: until Ctrl-C).")
@click.option("--vitals-rate", type=VitalsRate(), default="0", show_default=True,
              help="Device readings per second sent to the vitals topic; 'max' for as fast as possible.")
@click.option("--seed", "seed_value", type=int, default=None,
              help="Random seed for the mix of transactions (default: a fresh one, printed).")
@click.option("--durable", is_flag=True,
              help="Wait for each commit to reach disk (synchronous_commit=on). Off by default: synthetic "
                   "traffic need not survive a crash, and commits then cost no fsync wait.")
@click.option("--workers", type=click.IntRange(min=1, max=8), default=None,
              help="Parallel connections (default: 1 below 1,000 rows/s, else 3).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON instead of a table.")
@click.option("--schema", default="public", hidden=True, help="Target schema (tests use private ones).")
def stream(rate: float, duration: float | None, vitals_rate: float, seed_value: int | None, durable: bool,
           workers: int | None, as_json: bool, schema: str) -> None:
    """Continuous OLTP traffic: new visits with their prescriptions and bill (one transaction
    each), payments Pending -> Paid, corrections, cancellations and new patients; plus device
    vitals to Kafka. Shows live progress; Ctrl-C stops cleanly and prints a summary.

    Example: hospital stream --rate 300 --vitals-rate 200 --duration 60
    """
    from rich.console import Console

    from generator.progress import StreamProgress, print_summary
    from generator.stream_run import run_stream

    seed_value = random.randrange(1_000_000) if seed_value is None else seed_value
    stop = threading.Event()
    restore = install_stop_on_interrupt(stop)
    console = Console(stderr=as_json)
    console.print(f"streaming at {'max' if math.isinf(rate) else f'{rate:,.0f}'} row changes/s "
                  f"(seed {seed_value}); Ctrl-C stops", style="dim")
    try:
        with StreamProgress(console) as progress:
            stats = run_stream(get_settings(), rate=rate, duration=duration, vitals_rate=vitals_rate,
                               seed=seed_value, schema=schema, durable=durable, workers=workers,
                               stop=stop, progress=progress)
    finally:
        restore()
    if as_json:
        click.echo(json.dumps({"seed": seed_value, **stats.as_dict()}, indent=2))
    else:
        print_summary(stats, console)


def install_stop_on_interrupt(stop: threading.Event):
    """First Ctrl-C asks the stream to finish its batch and stop; a second one interrupts."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = signal.getsignal(signal.SIGINT)

    def on_interrupt(signum, frame):
        if stop.is_set():
            signal.signal(signal.SIGINT, previous)
            raise KeyboardInterrupt
        stop.set()

    signal.signal(signal.SIGINT, on_interrupt)
    return lambda: signal.signal(signal.SIGINT, previous)
