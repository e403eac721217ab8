"""The school's reports, read: today's dashboard, the records behind each of its numbers,
the monthly staff scorecard (and the admin's adjustments to it), the charts. Every list
here is also a file (?format=csv|xlsx, server.exports)."""
from __future__ import annotations

from flask import Blueprint, g, jsonify
from marshmallow import EXCLUDE, Schema, fields, validate

from sync.engine import utcnow

from ..admin import audit
from ..auth import require_role
from ..errors import APIError
from ..exports import coded, listing, words_of
from ..extensions import db
from ..models import ScoreAdjustment, User
from ..printouts import labels
from ..reports import charts as chart_figures
from ..reports.dashboard import dashboard
from ..reports.filters import ask, month_bounds, names
from ..reports.records import KINDS
from ..reports.scorecard import FIGURES, scorecard as compute_scorecard
from .meta import documented
from .util import json_body

bp = Blueprint("reports", __name__, url_prefix="/api/reports")
ANY_STAFF = ("admin", "health", "caregiver", "guard")
NO_RECORDS = "no records for this period"


@bp.get("/today")
@require_role("admin", "health")
def today():
    """The dashboard for a day (?date=, default today): every number with its records."""
    a = ask()
    body = dashboard(a.site, a.start, a.today)
    db.session.commit()
    return jsonify(body)


@bp.get("/records/<kind>")
@require_role(*ANY_STAFF)
def records(kind: str):
    """The records behind a number, with the filters it was counted with."""
    k = KINDS.get(kind)
    if k is None:
        raise APIError(404, "not_found", f"no such list: {kind}")
    if g.actor.role not in k.roles:
        raise APIError(403, "forbidden", f"a {g.actor.role} may not see {kind}")
    a = ask()
    rows = k.rows(a)
    return listing("records", rows, k.columns, f"{kind}-{a.start}-{a.end}",
                   {"kind": kind, "columns": [c[:2] for c in k.columns or []],
                    "words": words_of(k.columns),
                    "from": a.start.isoformat(), "to": a.end.isoformat(),
                    "empty": not rows, "message": None if rows else NO_RECORDS})


SCORE_COLUMNS = [("name", "姓名"), coded("role", "岗位", labels.ROLE),
                 *[(f, f, (lambda f: lambda p: p["figures"][f]["value"])(f)) for f in FIGURES],
                 ("on_time_rate", "按时率%"), ("hazards_within_rate", "隐患按期整改率%"),
                 ("adjusted", "调整", lambda p: "、".join(
                     f"{k}: {v['computed']}→{v['value']}（{v['adjustment']['reason']}）"
                     for k, v in p["figures"].items() if v["adjustment"]))]
ZH = {"on_time": "按时", "late": "迟做", "missed": "未做", "hazards_within": "隐患按期整改",
      "hazards_late": "隐患逾期整改", "hazards_overdue": "隐患逾期未改"}
SCORE_COLUMNS = [(c[0], ZH.get(c[1], c[1]), *c[2:]) for c in SCORE_COLUMNS]
UNIT_COLUMNS = [("date", "日期"), ("people", "责任人"), coded("kind", "类别", labels.SCORE_KIND),
                ("what", "内容"), coded("state", "结果", labels.SCORE_STATE), ("at", "完成时间")]


def _scored():
    """The month's scorecard (?month=, default this month) as the user may see it."""
    a = ask()
    month = a.arg("month") or a.today.strftime("%Y-%m")
    start, end = month_bounds(month)
    own = None if g.actor.role in ("admin", "health") else {g.actor.user_id}
    if a.arg("user_id"):
        if own is not None and a.arg("user_id") not in own:
            raise APIError(403, "forbidden", "staff see only their own scorecard")
        own = {a.arg("user_id")}
    card = compute_scorecard(db.session, a.site, month, start, end, a.today, own)
    if own is not None:
        card["units"] = [u for u in card["units"] if own & set(u["users"])]
    card["empty"] = not chart_figures.has_records(db.session, a.site.id, start, end)
    return a, card


@bp.get("/scorecard")
@require_role(*ANY_STAFF)
def scorecard():
    """The month's scorecard (?month=YYYY-MM, default this month), per person: the admin
    and the health teacher see everyone, others their own."""
    a, card = _scored()
    units = card.pop("units")
    card["message"] = NO_RECORDS if card["empty"] else None
    card["units_counted"] = len(units)
    people = card.pop("people")
    if card["empty"]:
        people = []
    return listing("people", people, SCORE_COLUMNS, f"scorecard-{card['month']}", card)


@bp.get("/scorecard/items")
@require_role(*ANY_STAFF)
def scorecard_items():
    """The things owed behind a scorecard figure (?user_id=&figure=, or &state=&kind=)."""
    a, card = _scored()
    n = names(a.site.id)
    state, kind, figure = a.arg("state"), a.arg("kind"), a.arg("figure")
    if figure:  # "late": the checks done late; "hazards_late": the hazards fixed late
        hazard = figure.startswith("hazards_")
        state = figure.removeprefix("hazards_")
        kind = "hazard" if hazard else kind
    rows = [dict(u, people=[n.get(x) for x in u["users"]]) for u in card["units"]
            if (not state or u["state"] == state) and (not kind or u["kind"] == kind)
            and (not figure or kind or u["kind"] != "hazard")]
    rows.sort(key=lambda u: (u["date"], u["kind"], u["what"]))
    return listing("records", rows, UNIT_COLUMNS, f"scorecard-items-{card['month']}",
                   {"kind": "scorecard_items", "month": card["month"], "empty": not rows,
                    "columns": [c[:2] for c in UNIT_COLUMNS], "words": words_of(UNIT_COLUMNS),
                    "message": None if rows else NO_RECORDS})


class AdjustSchema(Schema):
    class Meta:
        unknown = EXCLUDE
    user_id = fields.String(required=True)
    month = fields.String(required=True, validate=validate.Regexp(r"^\d{4}-\d{2}$"))
    figure = fields.String(required=True, validate=validate.OneOf(FIGURES))
    value = fields.Integer(required=True, validate=validate.Range(0, 100_000))
    reason = fields.String(required=True, validate=validate.Length(2, 500))


@bp.post("/scorecard/adjustments")
@require_role("admin")
@documented(body=AdjustSchema, status=201)
def adjust():
    """Change one figure of a person's month, with a reason; the computed figure stays."""
    data = AdjustSchema().load(json_body())
    user = db.session.get(User, data["user_id"])
    if user is None or user.site_id != g.actor.site_id:
        raise APIError(422, "validation_failed", "user_id: no such person at this school",
                       {"user_id": ["no such person at this school"]})
    a = ask()
    start, end = month_bounds(data["month"])
    card = compute_scorecard(db.session, a.site, data["month"], start, end, a.today, {user.id})
    computed = card["people"][0]["figures"][data["figure"]]["computed"] if card["people"] else 0
    row = ScoreAdjustment(site_id=g.actor.site_id, user_id=user.id, month=data["month"],
                          figure=data["figure"], computed=computed, value=data["value"],
                          reason=data["reason"], by=g.actor.user_id, at=utcnow())
    db.session.add(row)
    db.session.flush()
    audit(db.session, g.actor, "score", row.id, "adjust", {"value": computed},
          {"user_id": user.id, "month": row.month, "figure": row.figure, "value": row.value,
           "reason": row.reason})
    db.session.commit()
    return jsonify({"id": row.id, "computed": computed, "value": row.value}), 201


@bp.get("/charts")
@require_role("admin", "health", "caregiver")
def charts():
    """The term's charts (?from=&to=, default the term so far; a caregiver: her classes)."""
    a = ask(default="term")
    body = chart_figures.charts(db.session, a)
    body["message"] = NO_RECORDS if body["empty"] else None
    return jsonify(body)
