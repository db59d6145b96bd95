"""Dialect-aware SQL pieces for grouping by the city's calendar.

Instants are stored as naive UTC; a month in Beijing is the UTC instant moved by eight hours (China keeps no
daylight saving, so the shift is the same all year). The expressions are grouped on in SQL, so a month of a
300,000-row table comes back as one row. Dates (issue day, expiry day) are already Beijing dates and are grouped on
as they are, by day, in the order of their index; the days are folded into months in Python (a few hundred rows)."""
from __future__ import annotations

from sqlalchemy import Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from backend.extensions import db

UTC_OFFSET_HOURS = 8


class local_month(FunctionElement):
    """YYYYMM (an integer) of an instant column in Beijing time."""
    type = Integer()
    inherit_cache = True


@compiles(local_month)
def _local_month_sqlite(element, compiler, **kw):
    column = compiler.process(element.clauses, **kw)
    return f"CAST(strftime('%Y%m', {column}, '+{UTC_OFFSET_HOURS} hours') AS INTEGER)"


@compiles(local_month, "mysql")
def _local_month_mysql(element, compiler, **kw):
    column = compiler.process(element.clauses, **kw)
    return f"EXTRACT(YEAR_MONTH FROM {column} + INTERVAL {UTC_OFFSET_HOURS} HOUR)"


class day_month(FunctionElement):
    """YYYYMM (an integer) of a date column (dates are Beijing dates already)."""
    type = Integer()
    inherit_cache = True


@compiles(day_month)
def _day_month_sqlite(element, compiler, **kw):
    return f"CAST(strftime('%Y%m', {compiler.process(element.clauses, **kw)}) AS INTEGER)"


@compiles(day_month, "mysql")
def _day_month_mysql(element, compiler, **kw):
    return f"EXTRACT(YEAR_MONTH FROM {compiler.process(element.clauses, **kw)})"


class minutes_between(FunctionElement):
    """Whole minutes from the first instant column to the second."""
    type = Integer()
    inherit_cache = True


@compiles(minutes_between)
def _minutes_sqlite(element, compiler, **kw):
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    # strftime('%s') is whole seconds since 1970, exact where julianday() arithmetic would round.
    return f"((CAST(strftime('%s', {end}) AS INTEGER) - CAST(strftime('%s', {start}) AS INTEGER)) / 60)"


@compiles(minutes_between, "mysql")
def _minutes_mysql(element, compiler, **kw):
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"TIMESTAMPDIFF(MINUTE, {start}, {end})"


def wait_bucket(minutes):
    """The waiting time, coarsened so a month of decisions is a few hundred rows: to the minute under an hour, to
    15 minutes under a day, to the hour beyond (the medians are read from these buckets)."""
    return db.case((minutes < 60, minutes), (minutes < 24 * 60, minutes - minutes % 15), else_=minutes - minutes % 60)
