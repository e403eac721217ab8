"""Serves the installable app in pwa/ from the same origin as the API."""
from flask import Blueprint, current_app, send_from_directory

bp = Blueprint("pwa", __name__)


@bp.get("/")
def index():
    return send_from_directory(current_app.config["PWA_DIR"], "index.html")
