"""Every list the app shows, also as a file: `?format=csv` or `?format=xlsx` on a list
endpoint gives the very rows the screen gets as JSON (same filters, same order), as a
table a school can open in Excel or WPS. One helper, used by every list endpoint.

A file is read by people, not by the app: every time in it is on the school's clock
(YYYY-MM-DD HH:MM, not the stored UTC), and a column of codes gives their Chinese words
(`coded`)."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from typing import Iterable, Mapping, Sequence
from zoneinfo import ZoneInfo

from flask import Response, g, jsonify, request
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .errors import APIError
from .extensions import db
from .models import Site

FORMATS = ("json", "csv", "xlsx")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# (key, header) or (key, header, row → value) for a cell that is not a plain field
Column = tuple


# A stored time as the rows carry it (RFC 3339 with its offset), alone or within a text.
STORED_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:\d\d)")


def local_time(text: str, tz: ZoneInfo) -> str:
    """Each stored time in `text` as YYYY-MM-DD HH:MM on the school's clock. Free text
    (a hazard's description) may hold what only looks like one ("2026-19-39T29:99Z"):
    that is left as it was written."""
    def say(m):
        try:
            at = dt.datetime.fromisoformat(m.group(0).replace("Z", "+00:00"))
            return at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
        except (ValueError, OverflowError):
            return m.group(0)
    return STORED_TIME.sub(say, text)


# A text cell a spreadsheet would run as a formula (CSV injection): what staff or a
# visitor typed must open as the text it is. In a CSV it is led by an apostrophe (Excel
# and WPS then show it as text); in .xlsx it is written as a text cell.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value):
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def _xlsx_cell(ws, value):
    """A cell as .xlsx holds it: text without the control characters the format can't
    hold (they become U+FFFD), and never a formula."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    if not value.startswith("="):
        return value
    text = WriteOnlyCell(ws, value)
    text.data_type = "s"
    return text


def cell(value, tz: ZoneInfo | None = None):
    """A JSON value as a spreadsheet shows it: lists joined, yes/no for flags, times on
    the school's clock (`tz`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, tuple)):
        return "、".join(str(cell(v, tz)) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dt.datetime) and tz is not None and value.tzinfo is not None:
        return value.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, str) and tz is not None and "T" in value:
        return local_time(value, tz)
    return value


def coded(key: str, header: str, words: Mapping[str, str]) -> Column:
    """A column of codes (a status, a session, symptoms), each said in its words; a code
    without one as it is. The words ride along (words_of), for a screen to say them too."""
    def say(row):
        value = row.get(key)
        if isinstance(value, (list, tuple)):
            return [words.get(v, v) for v in value]
        return words.get(value, value) if isinstance(value, str) else value
    return (key, header, say, words)


def words_of(columns: Sequence[Column]) -> dict[str, Mapping[str, str]]:
    """Each coded column's words, by its key."""
    return {c[0]: c[3] for c in columns or () if len(c) > 3}


def columns_of(rows: Sequence[dict]) -> list[Column]:
    """Every field of the rows, in the order the first row has them."""
    return [(k, k) for k in (rows[0] if rows else {})]


def table(rows: Iterable[dict], columns: Sequence[Column], tz: ZoneInfo | None = None) -> list[list]:
    return [[cell(c[2](r) if len(c) > 2 else r.get(c[0]), tz) for c in columns] for r in rows]


def requested_format() -> str:
    fmt = request.args.get("format", "json")
    if fmt not in FORMATS:
        raise APIError(422, "validation_failed", f"format must be one of {', '.join(FORMATS)}",
                       {"format": ["unknown format"]})
    return fmt


def as_file(rows: Sequence[dict], columns: Sequence[Column] | None, name: str, fmt: str,
            tz: ZoneInfo | None = None) -> Response:
    columns = list(columns) if columns else columns_of(rows)
    header = [c[1] for c in columns]
    body = table(rows, columns, tz)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(header)
        w.writerows([_csv_cell(v) for v in line] for line in body)
        # UTF-8 with a byte order mark: Excel then reads the Chinese as Chinese.
        data, mime = ("\ufeff" + buf.getvalue()).encode(), "text/csv; charset=utf-8"
    else:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(name[:31])
        ws.append(header)
        for line in body:
            ws.append([_xlsx_cell(ws, v) for v in line])
        out = io.BytesIO()
        wb.save(out)
        data, mime = out.getvalue(), XLSX
    return Response(data, mimetype=mime, headers={
        "Content-Disposition": f"attachment; filename={name}.{fmt}"})


def listing(key: str, rows: Sequence[dict], columns: Sequence[Column] | None = None,
            name: str | None = None, extra: dict | None = None,
            fmt: str | None = None) -> Response:
    """The list as JSON ({key: rows, **extra}), or, as the request asks, as CSV or .xlsx."""
    fmt = fmt or requested_format()
    if fmt == "json":
        return jsonify({key: list(rows), **(extra or {})})
    return as_file(rows, columns, name or key, fmt, school_zone())


def school_zone() -> ZoneInfo:
    """The signed-in person's school's time zone."""
    return ZoneInfo(db.session.get(Site, g.actor.site_id).timezone)

