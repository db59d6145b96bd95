"""Lost, found, relay and stray records in the shapes of schemas/reports.py. Owner data never appears here: the
models these read hold none, and finders are never named. Nothing here queries: a match comes with its other side
(backend.reports.match_views)."""
from __future__ import annotations

from backend.core import clock
from backend.reports import hotspots as hotspot_service
from backend.reports import lost as lost_reports
from backend.reports.match_views import FoundSide, LostSide
from backend.reports.models.relay import RelayMessage, RelayThread
from backend.reports.models.reports import FoundReport, LostReport, ReportMatch
from backend.reports.models.strays import StrayReport


def place(lat_e6: int | None, lng_e6: int | None, address: str) -> dict | None:
    if lat_e6 is None:
        return None
    return {"lat": lat_e6 / 1_000_000, "lng": lng_e6 / 1_000_000, "address": address}


def _dog(report: LostReport | FoundReport, photo_url) -> dict:
    hidden = report.content_flagged  # text WeChat asked a person to look at stays off the public pages
    return {"name": report.dog_name, "breed": report.breed, "sex": report.sex, "colour": report.colour,
            "size": report.size, "description": "" if hidden else report.description,
            "photo_urls": [photo_url(report.id, p) for p in report.photo_upload_ids or []]}


def lost_photo_url(report_id: str, upload_id: str) -> str:
    return f"/api/v1/lost-reports/{report_id}/photos/{upload_id}"


def found_photo_url(report_id: str, upload_id: str) -> str:
    return f"/api/v1/found-reports/{report_id}/photos/{upload_id}"


def lost_public(report: LostReport) -> dict:
    return {"id": report.id, "status": report.status, "licensed": report.licence_id is not None,
            "lost_at": clock.isoformat(report.lost_at), "location": place(report.lat_e6, report.lng_e6, report.address),
            "note": "" if report.content_flagged else report.note, "dog": _dog(report, lost_photo_url)}


def board_item(nearby: lost_reports.Nearby) -> dict:
    distance = None if nearby.distance_km is None else round(nearby.distance_km, 2)
    return {**lost_public(nearby.report), "distance_km": distance}


def _km(match: ReportMatch) -> float | None:
    return None if match.distance_m is None else round(match.distance_m / 1000, 2)


def lost_own(reported: lost_reports.Reported) -> dict:
    report = reported.report
    return {**lost_public(report), "licence_id": report.licence_id, "closed_at": clock.isoformat(report.closed_at),
            "matches": [match_for_owner(m) for m in reported.matches]}


def match_for_owner(view: FoundSide) -> dict:
    match, found = view.match, view.found
    return {"id": match.id, "kind": match.kind, "score": match.score, "distance_km": _km(match),
            "thread_id": view.thread_id,
            "found": {"id": found.id, "source": found.source, "found_at": clock.isoformat(found.found_at),
                      "location": place(found.lat_e6, found.lng_e6, found.address),
                      "message": "" if found.content_flagged else found.message,
                      "dog": _dog(found, found_photo_url), "shelter_dog_no": view.shelter_dog_no}}


def match_for_finder(view: LostSide) -> dict:
    match = view.match
    return {"id": match.id, "kind": match.kind, "score": match.score, "distance_km": _km(match),
            "thread_id": view.thread_id, "lost": lost_public(view.lost)}


def found_own(reported) -> dict:
    report = reported.report
    return {"id": report.id, "status": report.status, "found_at": clock.isoformat(report.found_at),
            "location": place(report.lat_e6, report.lng_e6, report.address), "message": report.message,
            "dog": _dog(report, found_photo_url), "matches": [match_for_finder(m) for m in reported.matches]}


def thread(thread: RelayThread, side: str, messages: list[RelayMessage] | None = None) -> dict:
    out = {"id": thread.id, "origin": thread.origin, "my_side": side, "dog_name": thread.dog_name,
           "owner_phone": thread.owner_shared_phone if side == "finder" else None,
           "status": thread.status, "closed_reason": thread.closed_reason,
           "closed_at": clock.isoformat(thread.closed_at),
           "last_message_at": clock.isoformat(thread.last_message_at)}
    if messages is not None:
        out["messages"] = [{"id": m.id, "sender": m.sender, "mine": m.sender == side, "text": m.text,
                            "location": place(m.lat_e6, m.lng_e6, m.address), "sent_at": clock.isoformat(m.created_at)}
                           for m in messages]
    return out


def stray(report: StrayReport) -> dict:
    return {"id": report.id, "status": report.status, "duplicate_of": report.duplicate_of_id,
            "reported_at": clock.isoformat(report.reported_at),
            "location": place(report.lat_e6, report.lng_e6, report.address), "district": report.district,
            "count": report.count, "description": report.description, "aggressive": report.aggressive,
            "injured": report.injured, "team": report.team, "captured_count": report.captured_count,
            "resolved_at": clock.isoformat(report.resolved_at),
            "photo_urls": [f"/api/v1/stray-reports/{report.id}/photos/{p}" for p in report.photo_upload_ids or []]}


def staff_stray(report: StrayReport, linked: int) -> dict:
    return {**stray(report), "content_flagged": report.content_flagged, "linked_reports": linked,
            "resolve_note": report.resolve_note,
            "photo_urls": [f"/api/v1/staff/stray-reports/{report.id}/photos/{p}"
                           for p in report.photo_upload_ids or []]}


def hotspots(result: hotspot_service.Hotspots) -> dict:
    def counts(c: hotspot_service.Counts) -> dict:
        return {"reports": c.reports, "incidents": c.incidents, "captures": c.captures,
                "dogs_captured": c.dogs_captured}

    cells = []
    for key, c in sorted(result.cells.items(), key=lambda kv: (-kv[1].reports, -kv[1].captures)):
        centre = hotspot_service.cell_centre(result, key)
        cells.append({"lat": round(centre.lat, 6), "lng": round(centre.lng, 6), **counts(c)})
    districts = [{"district": name or "其他", **counts(c)}
                 for name, c in sorted(result.districts.items(), key=lambda kv: -kv[1].reports)]
    totals = hotspot_service.Counts(*(sum(getattr(c, f) for c in result.districts.values())
                                      for f in ("reports", "incidents", "captures", "dogs_captured")))
    return {"from": result.start.isoformat(), "to": result.end.isoformat(), "cell_m": result.cell_m,
            "cells": cells, "districts": districts, "totals": counts(totals)}
