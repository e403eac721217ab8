"""Passwords, device tokens, and the loaders that enforce who may do what."""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import secrets

from flask import current_app, g, has_app_context, request
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from sync import Actor
from sync.engine import utcnow

from .errors import APIError
from .extensions import db
from .models import Site, Token, User, UserClass

_dummy_hashes: dict[str, str] = {}


def _method() -> str:
    return current_app.config["PASSWORD_HASH_METHOD"] if has_app_context() else "scrypt"


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=_method())


def verify_password(user: User | None, password: str) -> bool:
    if user is None or not user.active:
        # Check against a hash all the same, so an unknown name answers as slowly.
        method = _method()
        if method not in _dummy_hashes:
            _dummy_hashes[method] = generate_password_hash("never-a-password", method=method)
        check_password_hash(_dummy_hashes[method], password)
        return False
    return check_password_hash(user.password_hash, password)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, client_id: str) -> str:
    token = secrets.token_urlsafe(32)
    db.session.add(Token(site_id=user.site_id, user_id=user.id, client_id=client_id,
                         token_hash=token_digest(token), created_at=utcnow()))
    return token


def class_ids(user: User) -> frozenset[str]:
    return frozenset(db.session.execute(
        select(UserClass.class_id).where(UserClass.user_id == user.id,
                                         UserClass.site_id == user.site_id)).scalars())


def user_dict(user: User, site: Site) -> dict:
    return {"id": user.id, "name": user.name, "username": user.username, "role": user.role,
            "site": site.slug, "site_id": site.id, "site_name": site.name,
            "timezone": site.timezone, "locale": user.locale,
            "class_ids": sorted(class_ids(user))}


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def current_token() -> Token:
    """The signed-in device's token, or 401. Looked up by digest: the stored value is
    never the token itself, and the final comparison is constant-time."""
    token = _bearer()
    if not token or len(token) > 200:
        raise APIError(401, "unauthorized", "sign in first")
    digest = token_digest(token)
    row = db.session.execute(select(Token).where(Token.token_hash == digest)).scalar()
    if row is None or not hmac.compare_digest(row.token_hash, digest):
        raise APIError(401, "unauthorized", "sign in again: this sign-in is not known")
    if row.revoked_at is not None:
        raise APIError(401, "token_revoked", "sign in again: this sign-in was revoked")
    return row


def login_required(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        token = current_token()
        user = db.session.get(User, token.user_id)
        if user is None or not user.active or user.site_id != token.site_id:
            raise APIError(401, "unauthorized", "sign in again: this account is not active")
        now = utcnow()
        if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
            token.last_used_at = now  # coarse, so that reads don't all become writes
        g.token, g.user = token, user
        g.actor = Actor(user.id, user.site_id, user.role, class_ids(user), token.client_id)
        return view(*args, **kwargs)
    return wrapped


def require_role(*roles: str):
    def deco(view):
        @functools.wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if g.user.role not in roles:
                raise APIError(403, "forbidden", f"a {g.user.role} may not do this")
            return view(*args, **kwargs)
        return wrapped
    return deco


def new_client_id() -> str:
    return secrets.token_hex(16)
