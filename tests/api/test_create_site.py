"""A new school: `flask create-site` makes it and its first admin, and every phone's first
pull carries the school itself (name, time zone, resolved disinfection rules)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from server.extensions import db
from server.models import Site, User
from tests.conftest import Phone


def _site_records(phone: Phone) -> list[dict]:
    changes, _ = phone.pull_all()
    return [c["data"] for c in changes if c["entity"] == "site"]


def test_create_site_makes_the_school_and_its_admin(app, client):
    runner = app.test_cli_runner()
    r = runner.invoke(args=["create-site", "sunflower", "向日葵幼儿园", "--admin", "director",
                            "--password", "long-enough-pw", "--timezone", "Asia/Urumqi"])
    assert r.exit_code == 0, r.output
    assert "sunflower" in r.output
    with app.app_context():
        site = db.session.execute(select(Site).where(Site.slug == "sunflower")).scalar_one()
        admin = db.session.execute(select(User).where(User.site_id == site.id)).scalar_one()
        assert (site.name, site.timezone, admin.username, admin.role) == (
            "向日葵幼儿园", "Asia/Urumqi", "director", "admin")
    phone = Phone(client, "sunflower", "director", "long-enough-pw")
    [record] = _site_records(phone)
    assert record["name"] == "向日葵幼儿园" and record["timezone"] == "Asia/Urumqi"
    assert record["disinfection"]  # the rules resolved, defaults under the school's own


def test_create_site_refuses_a_taken_slug_and_a_short_password(app):
    runner = app.test_cli_runner()
    ok = runner.invoke(args=["create-site", "twice", "甲", "--password", "long-enough-pw"])
    assert ok.exit_code == 0, ok.output
    again = runner.invoke(args=["create-site", "TWICE", "乙", "--password", "long-enough-pw"])
    assert again.exit_code != 0 and "exists already" in again.output
    short = runner.invoke(args=["create-site", "short", "丙", "--password", "1234567"])
    assert short.exit_code != 0 and "8 characters" in short.output
    with app.app_context():
        assert db.session.execute(select(Site.slug).order_by(Site.slug)).scalars().all() == ["twice"]


@pytest.mark.parametrize("zone", ["Asia/Shangai", "Asia", "", "../etc/passwd"])
def test_create_site_refuses_a_time_zone_that_is_not_one(app, zone):
    r = app.test_cli_runner().invoke(args=["create-site", "misspelt", "甲", "--password",
                                           "long-enough-pw", "--timezone", zone])
    assert r.exit_code != 0 and "unknown time zone" in r.output
    with app.app_context():
        assert db.session.execute(select(Site.slug)).scalars().all() == []


def test_create_site_refuses_an_admin_user_name_the_staff_form_refuses(app):
    r = app.test_cli_runner().invoke(args=["create-site", "named", "甲", "--password",
                                           "long-enough-pw", "--admin", "张园长"])
    assert r.exit_code != 0 and "letters, digits" in r.output
    with app.app_context():
        assert db.session.execute(select(Site.slug)).scalars().all() == []


def test_the_demo_schools_phones_get_the_school(login_as):
    for username in ("teacher1", "guard", "health", "admin"):
        [record] = _site_records(login_as(username))
        assert record["name"] == "三关示范幼儿园" and "settings" in record
