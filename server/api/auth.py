"""Signing in and out, and who the token is."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, current_app, g, jsonify, request
from marshmallow import Schema, fields, validate
from sqlalchemy import func, select

from sync.engine import utcnow

from ..admin import audit
from ..auth import hash_password, issue_token, login_required, user_dict, verify_password
from ..errors import APIError
from ..extensions import db
from ..models import LoginAttempt, Site, User
from ..schemas import LoginResponse, LoginSchema, UserSchema, login_schema
from .meta import documented
from .util import json_body

bp = Blueprint("auth", __name__, url_prefix="/api")


def _failures(since: dt.datetime, forgive: bool, **match) -> int:
    """Failed sign-ins in the window; with `forgive`, only those after the last success
    (an account's owner who finally typed it right). An address is never forgiven: one
    good account must not reset the guessing limit of everyone behind the same address."""
    conds = [getattr(LoginAttempt, k) == v for k, v in match.items()]
    last_ok = forgive and db.session.execute(select(func.max(LoginAttempt.at)).where(
        *conds, LoginAttempt.ok.is_(True))).scalar()
    since = max(since, last_ok) if last_ok else since
    return db.session.execute(select(func.count()).select_from(LoginAttempt).where(
        *conds, LoginAttempt.ok.is_(False), LoginAttempt.at > since)).scalar()


def _throttle(site: str, username: str, address: str) -> None:
    cfg = current_app.config
    window = cfg["LOGIN_WINDOW_SECONDS"]
    since = utcnow() - dt.timedelta(seconds=window)
    if (_failures(since, True, site_slug=site, username=username) >= cfg["LOGIN_MAX_FAILURES"]
            or _failures(since, False, address=address) >= cfg["LOGIN_MAX_FAILURES_ADDRESS"]):
        raise APIError(429, "too_many_attempts",
                       "too many failed sign-ins; wait a few minutes and try again",
                       headers={"Retry-After": str(window // 3)})


@bp.post("/auth/login")
@documented(body=LoginSchema, response=LoginResponse)
def login():
    """Sign in with site, user name and password; get a token for this device."""
    data = login_schema.load(json_body())
    address = (request.remote_addr or "?")[:64]
    site_slug, username = data["site"].strip().lower(), data["username"].strip()
    _throttle(site_slug, username, address)
    site = db.session.execute(select(Site).where(Site.slug == site_slug)).scalar()
    user = site and db.session.execute(select(User).where(
        User.site_id == site.id, User.username == username)).scalar()
    ok = verify_password(user, data["password"])
    db.session.add(LoginAttempt(site_slug=site_slug, username=username, address=address,
                                at=utcnow(), ok=ok))
    if not ok:
        db.session.commit()
        raise APIError(401, "bad_credentials", "wrong site, user name or password")
    token = issue_token(user, data["device_id"])
    body = {"token": token, "user": user_dict(user, site)}
    db.session.commit()
    return jsonify(body)


@bp.get("/me")
@documented(response=UserSchema)
@login_required
def me():
    """Who this token belongs to."""
    body = user_dict(g.user, db.session.get(Site, g.user.site_id))
    db.session.commit()
    return jsonify(body)


class PasswordSchema(Schema):
    current = fields.String(required=True, load_only=True)
    new = fields.String(required=True, load_only=True, validate=validate.Length(8, 256))


@bp.post("/auth/password")
@documented(body=PasswordSchema)
@login_required
def change_password():
    """Change one's own password, the present one given first: the admin sets a first one
    (and resets a forgotten one), and then knows it; a record is the person's own when only
    she can sign in as her. Her sign-ins on her phones stay. Wrong guesses count towards
    the sign-in limit."""
    data = PasswordSchema().load(json_body())
    user, address = g.user, (request.remote_addr or "?")[:64]
    site = db.session.get(Site, user.site_id)
    _throttle(site.slug, user.username, address)
    ok = verify_password(user, data["current"])
    db.session.add(LoginAttempt(site_slug=site.slug, username=user.username, address=address,
                                at=utcnow(), ok=ok))
    if not ok:
        db.session.commit()
        raise APIError(403, "wrong_password", "current: not the present password",
                       {"current": ["not the present password"]})
    if data["new"] == data["current"]:
        raise APIError(422, "validation_failed", "new: the same as the present password",
                       {"new": ["the same as the present password"]})
    user.password_hash = hash_password(data["new"])
    audit(db.session, g.actor, "user", user.id, "change_password", None, None)
    db.session.commit()
    return jsonify({"ok": True})


@bp.post("/auth/logout")
@login_required
def logout():
    """Revoke this device's token. Unsynced work stays on the phone."""
    g.token.revoked_at = utcnow()
    db.session.commit()
    return jsonify({"ok": True})
