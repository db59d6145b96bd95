"""The built console served at /console/: caching, history-mode fallback, no HTML for a missing asset, headers."""
import pytest


@pytest.fixture
def dist(tmp_path):
    root = tmp_path / "dist"
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text('<!doctype html><script type="module" src="/console/assets/index-abc123.js">'
                                      "</script>", encoding="utf-8")
    (root / "assets" / "index-abc123.js").write_text("console.log('犬证通')", encoding="utf-8")
    (root / "favicon.ico").write_bytes(b"\x00\x00\x01\x00")
    return root


@pytest.fixture
def config_overrides(dist):
    return {"CONSOLE_DIST": str(dist)}


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_console_files_and_routes(client, database):
    page = client.get("/console/")
    assert page.status_code == 200 and b"index-abc123.js" in page.data
    assert page.headers["Cache-Control"] == "no-cache"
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "http" not in csp
    assert page.headers["X-Frame-Options"] == "DENY"
    for route in ("/console/review/applications", "/console/review/applications/01JXYZ?status=rejected",
                  "/console/login"):
        fallback = client.get(route)
        assert fallback.status_code == 200 and fallback.data == page.data, route
    asset = client.get("/console/assets/index-abc123.js")
    assert asset.status_code == 200
    assert asset.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert client.get("/console/assets/index-gone.js").status_code == 404
    assert client.get("/console/favicon.ico").status_code == 200
    outside = client.get("/console/../../backend/config.py")  # never a file outside dist: the page, or nothing
    assert outside.status_code == 404 or outside.data == page.data
    redirect = client.get("/console")
    assert redirect.status_code == 308 and redirect.headers["Location"].endswith("/console/")


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
@pytest.mark.parametrize("config_overrides", [{"CONSOLE_DIST": "/nonexistent/dist"}])
def test_an_unbuilt_console_says_how_to_build_it(client, database, config_overrides):
    response = client.get("/console/")
    assert response.status_code == 503 and "make run" in response.get_data(as_text=True)


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_the_maps_load_nothing_from_elsewhere_unless_a_city_configures_tiles(client, database):
    config = client.get("/console/config.json")
    assert config.status_code == 200 and config.headers["Cache-Control"] == "no-cache"
    assert config.get_json() == {"tiles": {"urls": [], "subdomains": "", "datum": "wgs84", "attribution": ""}}
    csp = client.get("/console/").headers["Content-Security-Policy"]
    assert "img-src 'self' data: blob:;" in csp  # no tile server: images from our own origin only
    assert "'wasm-unsafe-eval'" in csp and "'unsafe-eval'" not in csp  # WebAssembly (the QR decoder), never eval


TIANDITU = ("https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec"
            "&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY")


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_configured_tiles_are_allowed_by_their_origins_only(app, client, database):
    app.config.update(CONSOLE_MAP_TILE_URLS=[TIANDITU], CONSOLE_MAP_TILE_SUBDOMAINS="01",
                      CONSOLE_MAP_TILE_ATTRIBUTION="天地图")
    config = client.get("/console/config.json").get_json()
    assert config["tiles"]["urls"] == [TIANDITU] and config["tiles"]["datum"] == "wgs84"
    csp = client.get("/console/").headers["Content-Security-Policy"]
    assert "img-src 'self' data: blob: https://t0.tianditu.gov.cn https://t1.tianditu.gov.cn;" in csp
    assert "connect-src 'self';" in csp and "script-src 'self' 'wasm-unsafe-eval';" in csp


@pytest.mark.parametrize("setting", [{"CONSOLE_MAP_TILE_DATUM": "bd09"},
                                     {"CONSOLE_MAP_TILE_URLS": ["https://tiles.example/{z}/{x}.png"]},
                                     {"CONSOLE_MAP_TILE_URLS": ["javascript:alert(1)//{z}{x}{y}"]}])
def test_a_wrong_map_setting_stops_the_start(setting):
    import console_web

    with pytest.raises(ValueError, match="CONSOLE_MAP_TILE"):
        console_web.map_config(setting)
