"""Serves the built staff console (console/dist) at /console/.

The console is a client of the REST API like any other; this adapter only hands the browser its files. Hashed
assets are cached for a year (their names change with their content); index.html is never cached, so a new build
is picked up at the next page load; every other path under /console/ is a route of the console (history mode) and
gets index.html. Nothing is loaded from anywhere else (the Content-Security-Policy says so), except map tiles from
the tile servers a city configures (CONSOLE_MAP_TILE_URLS, none by default)."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, Response, abort, current_app, jsonify, redirect, send_from_directory

DEFAULT_DIST = Path(__file__).resolve().parent.parent / "console" / "dist"
ASSET_MAX_AGE = 365 * 24 * 3600
# Element Plus sets inline styles (positions of popovers, table widths); scripts come only from our own files.
# 'wasm-unsafe-eval' lets the QR scanner compile its WebAssembly decoder (our own file; it allows no JS eval).
# Images may also come from the map tile servers the city configured (none by default).
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
                           "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:{tiles}; "
                           "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
                           "form-action 'self'")
MAP_DATUMS = ("wgs84", "gcj02")

bp = Blueprint("console_web", __name__)


def init_app(app: Flask) -> None:
    app.config.setdefault("CONSOLE_DIST", str(DEFAULT_DIST))
    map_config(app.config)  # a wrong map setting stops the start, not the dispatcher's page
    app.register_blueprint(bp)


def map_config(config) -> dict:
    """The console's map settings (CONSOLE_MAP_TILE_*), as the map page reads them from /console/config.json."""
    datum = config.get("CONSOLE_MAP_TILE_DATUM") or "wgs84"
    if datum not in MAP_DATUMS:
        raise ValueError(f"CONSOLE_MAP_TILE_DATUM must be one of {MAP_DATUMS}, not {datum!r}")
    urls = list(config.get("CONSOLE_MAP_TILE_URLS") or [])
    for url in urls:
        if not url.startswith(("https://", "http://")) or not all(part in url for part in ("{z}", "{x}", "{y}")):
            raise ValueError(f"CONSOLE_MAP_TILE_URLS: {url!r} is not a tile URL template with {{z}}, {{x}} and {{y}}")
    return {"tiles": {"urls": urls, "subdomains": config.get("CONSOLE_MAP_TILE_SUBDOMAINS") or "",
                      "datum": datum, "attribution": config.get("CONSOLE_MAP_TILE_ATTRIBUTION") or ""}}


def _tile_origins(config) -> list[str]:
    """Every scheme://host the tile templates can name ({s} replaced by each subdomain)."""
    tiles = map_config(config)["tiles"]
    origins = []
    for url in tiles["urls"]:
        for sub in tiles["subdomains"] or [""]:
            scheme, rest = url.replace("{s}", sub).split("://", 1)
            origin = f"{scheme}://{rest.split('/', 1)[0]}"
            if origin not in origins:
                origins.append(origin)
    return origins


def content_security_policy(config) -> str:
    return CONTENT_SECURITY_POLICY.format(tiles="".join(f" {origin}" for origin in _tile_origins(config)))


def _dist() -> Path:
    return Path(current_app.config["CONSOLE_DIST"])


@bp.get("/console")
def console_root():
    return redirect("/console/", code=308)


@bp.get("/console/assets/<path:filename>")
def console_asset(filename: str):
    response = send_from_directory(_dist() / "assets", filename, max_age=ASSET_MAX_AGE)
    response.headers["Cache-Control"] = f"public, max-age={ASSET_MAX_AGE}, immutable"
    return response


@bp.get("/console/config.json")
def console_config():
    """Settings the console reads at run time (the same build serves every city): the map's tile layers."""
    response = jsonify(map_config(current_app.config))
    response.headers["Cache-Control"] = "no-cache"
    return _secured(response)


@bp.get("/console/", defaults={"route": ""})
@bp.get("/console/<path:route>")
def console_page(route: str):
    dist = _dist()
    if route and "." in route.rsplit("/", 1)[-1] and (dist / route).is_file():
        response = send_from_directory(dist, route, max_age=3600)  # favicon and other unhashed public files
    elif route.startswith("assets/"):
        abort(404)  # a missing asset is a 404, never the page (a script tag would get HTML)
    else:
        index = dist / "index.html"
        if not index.is_file():
            return _not_built()
        response = send_from_directory(dist, "index.html", max_age=0)
        response.headers["Cache-Control"] = "no-cache"
    return _secured(response)


def _secured(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = content_security_policy(current_app.config)
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def _not_built() -> Response:
    body = ("<!doctype html><meta charset=utf-8><title>管理后台尚未构建</title>"
            "<p>管理后台尚未构建：请在项目目录运行 <code>make run</code>（会自动构建 console/）。</p>")
    return Response(body, status=503, content_type="text/html; charset=utf-8")
