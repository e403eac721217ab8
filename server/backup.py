"""`flask backup PATH` and `flask restore PATH`: the whole database, SQLite or PostgreSQL.

SQLite is copied with its online backup API (a consistent copy while the server runs);
PostgreSQL with pg_dump's custom format and pg_restore. A restore puts the database back
as it was at the backup, so every site's change feed then goes back in time. Phones that
pulled past the backup hold cursors the restored server would hand out again for new,
different changes; so after a restore every site's change numbers move up by
RESTORE_JUMP and every older cursor answers `reset`: each phone pulls its whole scope
again and nothing is skipped. Work pushed after the backup is not in it: it is gone from
the server, and the phones no longer queue it (it was answered `applied`).

Photos (content-addressed files under BLOB_DIR) go to the folder PATH.photos beside the
database's backup, after the database: a photo a backed-up record names was stored
before that record, so it is there. Files never change, so a later backup to the same
PATH copies only the new ones, and a restore only puts back the missing ones.
"""
from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import click
from sqlalchemy import BigInteger, case, literal, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from sync.models import ChangeRow, Departure, SiteSeq

from .extensions import db

# Above any number a site can have handed out since its backup (a school makes about a
# million changes a year), and still far below 2**53, the largest integer JavaScript
# holds exactly, after thousands of restores.
RESTORE_JUMP = 2 ** 40


class BackupError(click.ClickException):
    """A backup or restore could not be made; the message says why."""


def _sqlite_file(url) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database has nothing to back up")
    return Path(url.database)


def _libpq(url) -> str:
    """The SQLAlchemy URL as libpq understands it (no '+driver')."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def pg_tool(name: str) -> str:
    """pg_dump or pg_restore: PG_BIN, then PATH, then the newest Debian install."""
    folder = os.environ.get("PG_BIN")
    if folder and (Path(folder) / name).is_file():
        return str(Path(folder) / name)
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if not found:
        raise BackupError(f"{name} not found: install the PostgreSQL client or set PG_BIN")
    return found


def _run(args: list[str]) -> None:
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {done.stderr.strip()[-2000:]}")


def backup(database_url: str, path: Path) -> None:
    url = make_url(database_url)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if url.get_backend_name() == "sqlite":
        src = sqlite3.connect(_sqlite_file(url))
        dst = sqlite3.connect(path)
        try:
            src.backup(dst)  # page by page, consistent, while writers go on
        finally:
            dst.close()
            src.close()
    elif url.get_backend_name() == "postgresql":
        _run([pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={path}",
              f"--dbname={_libpq(url)}"])
    else:
        raise BackupError(f"no backup for {url.get_backend_name()} databases")


def restore(database_url: str, path: Path) -> None:
    """Replace the database's contents with the backup's (stop the server first)."""
    url = make_url(database_url)
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"no backup at {path}")
    if url.get_backend_name() == "sqlite":
        src = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        dst = sqlite3.connect(_sqlite_file(url))
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
    elif url.get_backend_name() == "postgresql":
        _run([pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner",
              "--single-transaction", f"--dbname={_libpq(url)}", str(path)])
    else:
        raise BackupError(f"no restore for {url.get_backend_name()} databases")


def photos_folder(path: Path) -> Path:
    return Path(f"{path}.photos")


def copy_new_files(src: Path, dst: Path) -> int:
    """Copy every file under src missing under dst (same relative path); how many."""
    copied = 0
    if not src.is_dir():
        return 0
    for f in src.rglob("*"):
        if f.is_file() and not f.name.startswith("."):  # not a half-written upload
            target = dst / f.relative_to(src)
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(f, target)
                copied += 1
    return copied


def renumber_after_restore(session: Session, jump: int = RESTORE_JUMP) -> int:
    """Move every site's change numbers (and floor) up by `jump`, so that every cursor
    handed out before the restore is below the floor or above the last number, and a
    pull at it answers reset. Returns the number of sites moved. The caller commits."""
    # Every stored number is below `jump`'s step, so the shifted ones never collide with
    # the rows not yet shifted (the unique (site, seq) index is checked row by row).
    session.execute(update(ChangeRow).values(seq=ChangeRow.seq + jump))
    session.execute(update(Departure).values(seq=Departure.seq + jump))
    moved = session.execute(update(SiteSeq).values(
        last=SiteSeq.last + jump,
        floor=case((SiteSeq.floor < 1, literal(1, BigInteger)), else_=SiteSeq.floor) + jump))
    return moved.rowcount


def register(app) -> None:
    @app.cli.command("backup")
    @click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
    def backup_command(path):
        """Back up the whole database to PATH (SQLite file copy, or pg_dump -Fc)."""
        backup(app.config["SQLALCHEMY_DATABASE_URI"], path)
        photos = copy_new_files(Path(app.config["BLOB_DIR"]), photos_folder(path))
        click.echo(f"Backed up to {path} ({path.stat().st_size:,} bytes) and "
                   f"{photos} new photo(s) to {photos_folder(path)}")

    @app.cli.command("restore")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--yes", is_flag=True, help="do not ask before replacing the database")
    def restore_command(path, yes):
        """Replace the database with the backup at PATH; phones then pull afresh."""
        if not yes:
            click.confirm("This replaces everything in the database with the backup. "
                          "Stop the server first. Go on?", abort=True)
        db.engine.dispose()  # no pooled connection may outlive the old contents
        restore(app.config["SQLALCHEMY_DATABASE_URI"], path)
        sites = renumber_after_restore(db.session)
        db.session.commit()
        photos = copy_new_files(photos_folder(path), Path(app.config["BLOB_DIR"]))
        click.echo(f"Restored {path} and {photos} missing photo(s); the change feeds of "
                   f"{sites} site(s) were renumbered, so every phone pulls afresh")
