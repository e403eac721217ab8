"""Importing children and staff from an Excel (.xlsx) or CSV roster.

`preview` says, row by row, what would be added, changed, left as it is or refused and
why; `apply` writes exactly that, in one transaction. The same file twice changes nothing.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass, field

from openpyxl import Workbook, load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from . import school
from .admin import admin_access_problem
from .models import ROLES, Child, SchoolClass, User, UserClass

# Column headings accepted, Chinese first, mapped to field names.
COLUMNS = {
    "children": {"姓名": "name", "name": "name", "班级": "class", "class": "class",
                 "性别": "gender", "gender": "gender", "出生日期": "birthday",
                 "birthday": "birthday"},
    "staff": {"用户名": "username", "username": "username", "姓名": "name", "name": "name",
              "角色": "role", "role": "role", "班级": "classes", "classes": "classes"},
}
REQUIRED = {"children": ("name", "class"), "staff": ("username", "name", "role")}
TEMPLATE = {"children": ["姓名", "班级", "性别", "出生日期"],
            "staff": ["用户名", "姓名", "角色", "班级"]}
GENDERS = {"女": "girl", "girl": "girl", "f": "girl", "男": "boy", "boy": "boy", "m": "boy"}
ROLE_NAMES = {"园长": "admin", "保健老师": "health", "保育员": "caregiver", "教师": "caregiver",
              "门卫": "guard", **{r: r for r in ROLES}}


class RosterError(ValueError):
    """The file is not a roster this school can read."""


@dataclass
class Row:
    line: int
    data: dict
    action: str = "add"            # add / change / unchanged / refused
    reasons: list[str] = field(default_factory=list)
    target_id: str | None = None
    changes: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"line": self.line, "action": self.action, "reasons": self.reasons,
                "data": {k: (v.isoformat() if isinstance(v, dt.date) else v)
                         for k, v in self.data.items()},
                "changes": {k: [_shown(a), _shown(b)] for k, (a, b) in self.changes.items()}}


def _shown(value):
    """A value of the preview's changes as JSON: a list of class names stays a list, no
    value stays null, a date is YYYY-MM-DD."""
    if value is None or isinstance(value, list):
        return value
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def read(content: bytes, filename: str, kind: str) -> list[tuple[int, dict]]:
    """(line number, {field: text}) for each non-empty row."""
    if kind not in COLUMNS:
        raise RosterError(f"unknown roster kind {kind!r}")
    if content[:4] == b"PK\x03\x04":
        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
            table = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
        except Exception as e:  # openpyxl raises many kinds for a damaged file
            raise RosterError(f"the Excel file could not be read: {e.__class__.__name__}") from None
    else:
        text = _decode(content)
        try:
            table = list(csv.reader(io.StringIO(text)))
        except csv.Error as e:
            raise RosterError(f"not a CSV file: {e}") from None
    if not table:
        raise RosterError("the file is empty")
    heads = [COLUMNS[kind].get(str(h).strip().lower(), COLUMNS[kind].get(str(h).strip()))
             for h in table[0]]
    missing = [c for c in REQUIRED[kind] if c not in heads]
    if missing:
        raise RosterError("missing columns: " + ", ".join(
            next(h for h, f in COLUMNS[kind].items() if f == m) for m in missing))
    rows = []
    for n, values in enumerate(table[1:], start=2):
        # A column the file has is in every row, "" where a row stops short: a column
        # the file does not have (staff's 班级) is absent, which leaves the field as it is.
        data = {f: values[i] if i < len(values) else "" for i, f in enumerate(heads) if f}
        if any(str(v).strip() for v in data.values()):
            rows.append((n, data))
    return rows


def _decode(content: bytes) -> str:
    if b"\x00" in content[:1024]:
        raise RosterError("this is not a spreadsheet (.xlsx or .csv)")
    for enc in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK
        try:
            return content.decode(enc)
        except UnicodeDecodeError:
            continue
    raise RosterError("this is not a spreadsheet (.xlsx or .csv)")


def _date(value, today: dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        text = str(value).strip().replace("/", "-").replace(".", "-")
        value = dt.date.fromisoformat("-".join(p.zfill(2) for p in text.split("-")))
    if not today - dt.timedelta(days=8 * 366) <= value <= today - dt.timedelta(days=365):
        raise ValueError("a kindergarten child is 1 to 8 years old")
    return value


class Classes:
    """The school's classes as a roster names them: an active class by its name (the
    admin screens keep active names unique; a pair left from before is refused, not
    guessed between), and any class's name by its id, in the school's order."""

    def __init__(self, rows):
        rows = sorted(rows, key=school.class_order)
        active = Counter(c.name.strip() for c in rows if c.active)
        self.ids = {c.name.strip(): c.id for c in rows if c.active}
        self.shared = {name for name, n in active.items() if n > 1}
        self.names = {c.id: c.name for c in rows}

    def problem(self, name: str) -> str | None:
        if name in self.shared:
            return f"two active classes are named {name!r}: rename one first"
        return None if name in self.ids else f"unknown class {name!r}"

    def named(self, ids) -> list[str]:
        """The names of these classes, in the school's order."""
        wanted = set(ids)
        return [name for cid, name in self.names.items() if cid in wanted]


def preview(session: Session, site_id: str, kind: str, rows: list[tuple[int, dict]],
            today: dt.date | None = None, actor_id: str | None = None) -> list[Row]:
    """What each row would do; `actor_id`: the admin importing (she may not take her own
    admin access away)."""
    today = today or dt.date.today()
    classes = Classes(session.execute(
        select(SchoolClass).where(SchoolClass.site_id == site_id)).scalars())
    if kind == "children":
        return _children(session, site_id, rows, classes, today)
    return _staff(session, site_id, rows, classes, actor_id)


def _children(session, site_id, rows, classes, today) -> list[Row]:
    named: dict[str, list[Child]] = {}
    for c in session.execute(select(Child).where(Child.site_id == site_id,
                                                 Child.active.is_(True))).scalars():
        named.setdefault(c.name.strip(), []).append(c)
    seen = Counter((str(d.get("class", "")).strip(), str(d.get("name", "")).strip())
                   for _, d in rows)
    out = []
    for line, raw in rows:
        name, cls = str(raw.get("name", "")).strip(), str(raw.get("class", "")).strip()
        row = Row(line, {"name": name, "class": cls})
        if not name:
            row.reasons.append("the name is empty")
        if classes.problem(cls):
            row.reasons.append(classes.problem(cls))
        if seen[(cls, name)] > 1:
            row.reasons.append("the same name twice in this class: tell them apart (e.g. 王小明2)")
        gender = str(raw.get("gender", "")).strip().lower()
        if gender and gender not in GENDERS:
            row.reasons.append(f"gender {gender!r} is not 男/女")
        row.data["gender"] = GENDERS.get(gender)
        if str(raw.get("birthday", "")).strip():
            try:
                row.data["birthday"] = _date(raw["birthday"], today)
            except ValueError as e:
                row.reasons.append(f"birthday: {e}" if "kindergarten" in str(e)
                                   else "birthday is not a date (YYYY-MM-DD)")
        else:
            row.data["birthday"] = None
        current = None
        if not row.reasons:
            row.data["class_id"] = classes.ids[cls]
            current, problem = _same_child(named.get(name, []), row.data["class_id"],
                                           row.data["birthday"], classes)
            if problem:
                row.reasons.append(problem)
        if row.reasons:
            row.action = "refused"
        elif current is not None:
            row.target_id = current.id
            if current.class_id != row.data["class_id"]:  # moved, or the school moved up
                row.changes["class"] = (classes.names[current.class_id], cls)
            row.changes.update({k: (getattr(current, k), row.data[k]) for k in ("gender", "birthday")
                                if row.data[k] is not None and getattr(current, k) != row.data[k]})
            row.action = "change" if row.changes else "unchanged"
        out.append(row)
    lines: dict[str, list[int]] = {}
    for row in out:
        if row.target_id:
            lines.setdefault(row.target_id, []).append(row.line)
    for row in out:
        if len(lines.get(row.target_id, ())) > 1:
            other = next(n for n in lines[row.target_id] if n != row.line)
            row.action, row.target_id, row.changes = "refused", None, {}
            row.reasons.append(f"line {other} is the same child: keep one of the two rows")
    return out


def _same_child(candidates: list[Child], class_id: str, birthday: dt.date | None,
                classes: Classes) -> tuple[Child | None, str | None]:
    """The school's active child a roster row is (None: a new child), or why the row
    cannot say which. A child is found by name in any class, so a child moved or promoted
    (a new school year's roster) is moved, not added twice; where the row and the child
    both have a birth date, it must be the same. Of several, the one already in the row's
    class; none of them with that birth date, the one of the class whose birth date the
    row corrects."""
    fits = [c for c in candidates if not (birthday and c.birthday) or c.birthday == birthday]
    if len(fits) > 1:
        fits = [c for c in fits if c.class_id == class_id] or fits
    if len(fits) > 1:
        return None, (f"{len(fits)} children of this name at this school "
                      f"({', '.join(classes.named(c.class_id for c in fits))}): "
                      "give the birth date to tell which one")
    if fits:
        return fits[0], None
    in_class = [c for c in candidates if c.class_id == class_id]
    return (in_class[0] if len(in_class) == 1 else None), None


def _staff(session, site_id, rows, classes, actor_id) -> list[Row]:
    existing = {u.username: u for u in session.execute(
        select(User).where(User.site_id == site_id)).scalars()}
    assigned: dict[str, list[str]] = {}
    for uc in session.execute(select(UserClass).where(UserClass.site_id == site_id)).scalars():
        assigned.setdefault(uc.user_id, []).append(uc.class_id)
    seen = Counter(str(d.get("username", "")).strip() for _, d in rows)
    losing: set[str] = set()  # admins that rows before this one take admin access from
    out = []
    for line, raw in rows:
        username = str(raw.get("username", "")).strip()
        current = existing.get(username)
        role = ROLE_NAMES.get(str(raw.get("role", "")).strip())
        # No 班级 column: classes stay as they are. A column with an empty cell: no class
        # (a guard's, a health teacher's); the preview shows the classes taken away.
        names = None if "classes" not in raw else [
            c.strip() for c in str(raw["classes"]).replace("，", ",").split(",") if c.strip()]
        row = Row(line, {"username": username, "name": str(raw.get("name", "")).strip(),
                         "role": role, "classes": names})
        if not username or seen[username] > 1:
            row.reasons.append("the user name is empty or appears twice")
        elif current is None and school.username_problem(username):
            row.reasons.append(f"user name {username!r}: {school.username_problem(username)}")
        if not row.data["name"]:
            row.reasons.append("the name is empty")
        if role is None:
            row.reasons.append(f"unknown role {raw.get('role')!r}")
        row.reasons += [p for p in map(classes.problem, names or []) if p]
        if current is not None and role is not None:
            problem = admin_access_problem(session, actor_id, current, role, current.active,
                                           frozenset(losing))
            if problem:
                row.reasons.append(problem)
        if row.reasons:
            row.action = "refused"
        else:
            row.data["class_ids"] = None if names is None else sorted(classes.ids[c] for c in names)
            if current is not None and current.role == "admin" and role != "admin":
                losing.add(current.id)
            if current is not None:
                row.target_id = current.id
                row.changes = {k: (getattr(current, k), row.data[k]) for k in ("name", "role")
                               if getattr(current, k) != row.data[k]}
                had = sorted(assigned.get(current.id, []))
                if names is not None and had != row.data["class_ids"]:
                    row.changes["classes"] = (classes.named(had), classes.named(row.data["class_ids"]))
                row.action = "change" if row.changes else "unchanged"
        out.append(row)
    return out


def template(kind: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "children" if kind == "children" else "staff"
    ws.append(TEMPLATE[kind])
    ws.append(["王小明", "小一班", "男", "2022-03-15"] if kind == "children"
              else ["teacher4", "孙老师", "保育员", "小一班"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
