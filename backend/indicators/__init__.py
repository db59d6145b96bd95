"""Indicators (数据看板, issue 17): the city's numbers for its leaders, read from the other features' tables.

Nothing imports this package but its adapter (miniprogram_api/indicators/indicators.py) and the benchmark: it only
reads. Each panel is one function of a Period (whole Beijing months, an optional zone) returning plain data, every
aggregate done in SQL on indexed columns; `export` writes the same panels as an Excel workbook or CSV."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import click
from flask.cli import AppGroup

from backend.core import clock
from backend.indicators import tables
from backend.indicators.applications import applications, review_times
from backend.indicators.licences import licences
from backend.indicators.notices import notices
from backend.indicators.payments import payments
from backend.indicators.period import IndicatorQuery, Period
from backend.indicators.shelter import shelter
from backend.indicators.strays import strays


@dataclass(frozen=True)
class Panel:
    name: str
    title: str  # the dashboard's heading, and the workbook's sheet name
    compute: Callable[[Period], dict]
    tables: Callable[[dict, dict], list[tables.Table]]
    zone_applies: bool  # False: the records have no zone (the shelter, notices, payments), so the panel is city-wide


PANELS = {p.name: p for p in (
    Panel("licences", "犬证", licences, tables.licences, True),
    Panel("applications", "申请与驳回", applications, tables.applications, True),
    Panel("review_times", "审核时长", review_times, tables.review_times, True),
    Panel("shelter", "留检所", shelter, tables.shelter, False),
    Panel("strays", "流浪犬", strays, tables.strays, True),
    Panel("notices", "通知送达", notices, tables.notices, False),
    Panel("payments", "缴费", payments, tables.payments, False),
)}


commands = AppGroup("indicators", help="数据看板的汇总表：roll-up 写入已结束的月份；rebuild 全部重新统计")


@commands.command("roll-up")
def roll_up_command() -> None:
    """The nightly job, by hand."""
    from backend.indicators import rollup

    for metric, rows in rollup.roll_up().items():
        click.echo(f"{metric}: {rows} rows")


@commands.command("rebuild")
def rebuild_command() -> None:
    """Counts every licence and every closed month afresh: after a bulk load or a restore, or to check them."""
    from backend.indicators import rollup, tallies

    tallies.rebuild()
    rollup.forget()
    for metric, rows in rollup.roll_up().items():
        click.echo(f"{metric}: {rows} rows")
    click.echo("licence tallies rebuilt")


def init_app(app) -> None:
    """Indicators' part of the app (create_app calls it): the licence tallies follow every flush from now on; the
    nightly roll-up of months that can no longer change; `flask indicators ...`."""
    from celery.schedules import crontab

    from backend.celery_app import add_periodic_task
    from backend.indicators import rollup, tallies

    tallies.install()
    add_periodic_task(app, "indicators-roll-up", rollup.nightly_roll_up, crontab(hour=0, minute=20))
    app.cli.add_command(commands)


def panel(name: str, query: IndicatorQuery) -> dict:
    """One panel's numbers, with the period they cover."""
    period = Period.of(query)
    spec = PANELS[name]
    return {**period.describe(), "zone_applies": spec.zone_applies, "generated_at": clock.isoformat(clock.now()),
            **spec.compute(period)}


__all__ = ["PANELS", "IndicatorQuery", "Panel", "Period", "init_app", "panel"]
