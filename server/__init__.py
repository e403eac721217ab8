"""Sanguan's server: the app factory."""
from __future__ import annotations

import logging

from flask import Flask

from .config import INSTANCE, ROOT, Config
from .jsonio import JSONProvider

MIGRATIONS = ROOT / "migrations"

APP_VERSION = "0.1.0"


def create_app(config_class=Config) -> Flask:
    app = Flask(__name__, static_folder=None)
    # /api//me is no path of the API: werkzeug would redirect it (308) with an HTML body,
    # where every /api/ answer is JSON (PROTOCOL.md, "Errors"); unmerged, it is a JSON 404.
    app.url_map.merge_slashes = False
    app.config.from_object(config_class)
    app.config.setdefault("APP_VERSION", APP_VERSION)
    app.json = JSONProvider(app)
    app.json.ensure_ascii = False  # Chinese names as text, not \u escapes
    app.json.sort_keys = False
    INSTANCE.mkdir(exist_ok=True)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)

    from .extensions import db, migrate
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True)
    if app.config["CORS_ORIGINS"]:
        from flask_cors import CORS
        CORS(app, resources={r"/api/*": {"origins": app.config["CORS_ORIGINS"]}},
             allow_headers=["Authorization", "Content-Type"], max_age=600)

    from . import compression, errors, security
    errors.register(app)
    security.register(app)
    compression.register(app)
    from .api import (admin, auth, blobs, bulletins, gate, hazards, health, meta, printouts, reports,
                      routines, settings, sync)
    app.register_blueprint(admin.bp)
    app.register_blueprint(settings.bp)
    app.register_blueprint(blobs.bp)
    app.register_blueprint(bulletins.bp)
    app.register_blueprint(hazards.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(gate.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(printouts.bp)
    app.register_blueprint(reports.bp)
    app.register_blueprint(routines.bp)
    app.register_blueprint(sync.bp)
    app.register_blueprint(meta.bp)
    from . import pwa
    app.register_blueprint(pwa.bp)
    from . import cli
    cli.register(app)
    return app
