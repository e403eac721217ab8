"""Commands: `flask --app server demo`, `flask --app server create-site`."""
from __future__ import annotations

import time

import click
from flask import current_app
from sqlalchemy import select

from sync import record_changes

from . import school
from .blobs import FolderStorage
from .demo import load_demo, logins
from .demo.history import HistoryRejected, load_history
from .gate import erase_ids
from .extensions import db
from .models import Site


def register(app):
    from . import backup
    backup.register(app)

    @app.cli.command("demo")
    @click.option("--children", default=25, show_default=True, help="children per class")
    @click.option("--slug", "slugs", multiple=True, default=["demo"], show_default=True,
                  help="site name(s); repeat for more demo schools (load tests)")
    @click.option("--history", default=0, show_default=True, metavar="DAYS",
                  help="also record the last DAYS school days, into a school created now")
    def demo(children, slugs, history):
        """Load the demo kindergarten (site 'demo') once, and print its logins."""
        for slug in slugs:
            site, created = load_demo(db.session, slug=slug, children_per_class=children)
            counts, started = None, time.perf_counter()
            # Only into a school made just now (made-up records would mix with a school's
            # real ones), in the same transaction: a refused mutation leaves no school
            # behind, and the next run tries again.
            if created and history > 0:
                try:
                    counts = load_history(db.session, site, history)
                except HistoryRejected as e:
                    db.session.rollback()
                    raise click.ClickException(f"the demo's history was refused: {e}") from None
            db.session.commit()
            click.echo(("Loaded" if created else "Already loaded:") + f" {site.name} (site '{site.slug}')")
            if counts is not None:
                bulletins = counts.pop("bulletins published", 0)
                click.echo(f"  History of the last {history} school days: "
                           f"{sum(counts.values())} mutations applied through the sync engine "
                           f"({', '.join(f'{n} {name}' for name, n in counts.items())}), "
                           f"{bulletins} weekly bulletins published, "
                           f"in {time.perf_counter() - started:.1f} s")
        click.echo(f"Demo logins (site: {', '.join(slugs)}):")
        for username, role, password in logins():
            click.echo(f"  {username:<10} {role:<10} password: {password}")

    @app.cli.command("erase-visitor-ids")
    @click.option("--days", default=180, show_default=True,
                  help="keep visitors' ID numbers this many days")
    def erase_visitor_ids(days):
        """Erase visitors' ID numbers and photos older than the retention period (run it daily)."""
        n = erase_ids(db.session, days, storage=FolderStorage(current_app.config["BLOB_DIR"]))
        db.session.commit()
        click.echo(f"Erased the ID numbers and photos of {n} visitor(s) registered over {days} days ago")

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
        try:
            site, changes = school.create_site(db.session, slug, name, timezone)
            _, more = school.add_user(db.session, site, admin_username, admin_name, "admin",
                                      password)
        except school.SetupError as e:
            raise click.ClickException(str(e)) from None
        record_changes(db.session, site.id, changes + more)
        db.session.commit()
        click.echo(f"Created site {site.slug!r} with admin {admin_username!r}")
