"""The dashboard's numbers as files: an Excel workbook with a sheet per panel (openpyxl), or one panel as CSV.

Both are built from backend.indicators.tables, so a number in a file is the number the API and the dashboard show.
Numbers stay numbers (no thousands separators or % signs in the cells), so a spreadsheet can sum them."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed

from flask import current_app
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from backend.core.database.extensions import db
from backend.indicators import PANELS, panel
from backend.indicators.common import sharing, zones
from backend.indicators.period import IndicatorQuery, Period
from backend.indicators.tables import Table

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOLD = Font(bold=True)
PARALLEL = 4
# Started first, so the panels that take longest (the live hotspot map; the waiting times' percentiles) are not the
# ones left to begin when the others are done.
SLOWEST = ("strays", "review_times")


def _heading(data: dict) -> list[str]:
    zone = data["zone"] or "全市"
    note = "" if data["zone_applies"] else "（本表为全市数据，不分管理区）"
    return [f"期间 {data['from']} 至 {data['to']}，范围：{zone}{note}", f"生成时间 {data['generated_at']}"]


def _tables(name: str, query: IndicatorQuery) -> tuple[dict, list[Table]]:
    data = panel(name, query)
    names = {z.code: z.name for z in zones()}
    return data, PANELS[name].tables(data, names)


def _every_panel(query: IndicatorQuery) -> Iterator[tuple[str, tuple[dict, list[Table]]]]:
    """All panels in one pass, each as soon as it is done: what several of them read (the zones, the review
    queue, every metric's watermark and closed months) is read once and shared (common.sharing). On MariaDB the
    panels run side by side, each on its own connection, so one panel's queries wait on the database while
    another's rows are turned into tables or written into the workbook."""
    with sharing() as shared:
        if db.engine.dialect.name != "mysql":
            for name in PANELS:
                yield name, _tables(name, query)
            return
        zones()  # read before the threads start, as every panel's first question is the zone
        app = current_app._get_current_object()

        def one(name: str) -> tuple[str, tuple[dict, list[Table]]]:
            with app.app_context(), sharing(shared):
                try:
                    return name, _tables(name, query)
                finally:
                    db.session.remove()

        with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
            for future in as_completed([pool.submit(one, name) for name in sorted(PANELS, key=_slowest_first)]):
                yield future.result()


def _slowest_first(name: str) -> bool:
    return name not in SLOWEST


def workbook(query: IndicatorQuery) -> bytes:
    # write_only: rows stream into the file as they are appended (less bookkeeping per cell than a normal sheet);
    # the sheets are made first, in the dashboard's order, and each is filled when its panel is done
    book = Workbook(write_only=True)
    sheets = {name: book.create_sheet(PANELS[name].title) for name in PANELS}
    for sheet in sheets.values():
        sheet.column_dimensions["A"].width = 18
    for name, (data, tables) in _every_panel(query):
        sheet = sheets[name]
        for line in _heading(data):
            sheet.append([line])
        for table in tables:
            sheet.append([])
            sheet.append([_bold(sheet, table.title)])
            sheet.append([_bold(sheet, heading) for heading in table.headers])
            for row in table.rows:
                sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _bold(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = BOLD
    return cell


def csv_text(name: str, query: IndicatorQuery) -> bytes:
    """One panel's tables one after another, each under its title, a blank line between; UTF-8 with a byte-order
    mark, which Excel needs to read Chinese from a CSV."""
    data, tables = _tables(name, query)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for line in _heading(data):
        writer.writerow([line])
    for table in tables:
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.headers)
        writer.writerows(["" if v is None else v for v in row] for row in table.rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def filename(stem: str, query: IndicatorQuery, extension: str) -> str:
    data = Period.of(query).describe()
    zone = f"-{data['zone']}" if data["zone"] else ""
    return f"dogpass-{stem}-{data['from']}-{data['to']}{zone}.{extension}"
