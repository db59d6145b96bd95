"""`flask indicators roll-up` (the nightly job, by hand) and `flask indicators rebuild` (count every licence and
every closed month afresh: after a bulk load or a restore, or to check the summaries)."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

group = AppGroup("indicators", help="数据看板的汇总表")


@group.command("roll-up")
def roll_up_command() -> None:
    from backend.indicators.rollup import roll_up

    for metric, rows in roll_up().items():
        click.echo(f"{metric}: {rows} rows")


@group.command("rebuild")
def rebuild_command() -> None:
    from backend.indicators import rollup, tallies

    tallies.rebuild()
    rollup.forget()
    for metric, rows in rollup.roll_up().items():
        click.echo(f"{metric}: {rows} rows")
    click.echo("licence tallies rebuilt")


def init_app(app: Flask) -> None:
    app.cli.add_command(group)
