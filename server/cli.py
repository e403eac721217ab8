"""Commands: `flask --app server demo`, `flask --app server create-site`."""
from __future__ import annotations

import click
from sqlalchemy import select

from sync import record_changes

from . import school
from .demo import load_demo, logins
from .extensions import db
from .models import Site


def register(app):
    @app.cli.command("demo")
    @click.option("--children", default=25, show_default=True, help="children per class")
    def demo(children):
        """Load the demo kindergarten (site 'demo') once, and print its logins."""
        site, created = load_demo(db.session, children_per_class=children)
        db.session.commit()
        click.echo(("Loaded" if created else "Already loaded:") + f" {site.name} (site '{site.slug}')")
        click.echo("Demo logins (site: demo):")
        for username, role, password in logins():
            click.echo(f"  {username:<10} {role:<10} password: {password}")

    @app.cli.command("create-site")
    @click.argument("slug")
    @click.argument("name")
    @click.option("--admin", "admin_username", default="admin", show_default=True)
    @click.option("--admin-name", default="园长", show_default=True)
    @click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
    @click.option("--timezone", default="Asia/Shanghai", show_default=True)
    def create_site(slug, name, admin_username, admin_name, password, timezone):
        """Create a kindergarten (site) and its first admin."""
        if db.session.execute(select(Site).where(Site.slug == slug.lower())).scalar():
            raise click.ClickException(f"site {slug!r} exists already")
        if len(password) < 8:
            raise click.ClickException("the password needs at least 8 characters")
        site = school.create_site(db.session, slug, name, timezone)
        _, changes = school.add_user(db.session, site, admin_username, admin_name, "admin", password)
        record_changes(db.session, site.id, changes)
        db.session.commit()
        click.echo(f"Created site {site.slug!r} with admin {admin_username!r}")
