"""The SQL bound on a candidate's score (backend.reports.match_bound) only decides which rows are read: for many
random reports, matching through the service gives exactly the matches of the Python rules applied to every open
report, on SQLite and on MariaDB, under the default settings and under others."""
from __future__ import annotations

import math
import random
from dataclasses import replace
from datetime import timedelta

import pytest
import sqlalchemy as sa

from backend.accounts.models.people import User
from backend.core import clock
from backend.core.database.extensions import db
from backend.core.ids import new_id
from backend.reference import geo
from backend.reports import matching
from backend.reports.matching_rules import MatchSettings, match
from backend.reports.models.reports import FoundReport, LostReport

SEED = 20261122
ROWS = 400  # open and closed reports of each kind in the database
NEW = 100  # new reports matched, per side and settings
CENTRE = geo.Point(40.842, 111.749)
BREEDS = ["柯基犬", "柴犬", "中华田园犬", "哈士奇", ""]
# Colours as residents type them: base colours, mixtures, case and width, texts the rules do not know, unknowns.
COLOURS = ["黄", "黄白", "黄白花", "黑", "黑白", "白", "奶白", "咖啡", "Black", "ＢＬＡＣＫ", "grey", "虎斑", "赤色",
           "赤色 ", "青", "不详", "unknown", "", "  "]
TAGS = ["tok-a", "tok-b", "tok-c"]
CHIPS = ["900123456789abc", "900123456789ABC", "156000000000001"]


def settings_variants(defaults: MatchSettings) -> dict[str, MatchSettings]:
    colour_heavy = {**defaults.weights, "colour": 0.4, "breed": 0.1}
    return {"defaults": defaults,
            "lower threshold, slower decays": replace(defaults, threshold=0.5, distance_decay_km=3,
                                                      time_decay_days=20, weights=colour_heavy),
            "strict and near": replace(defaults, threshold=0.7, max_km=8, max_days=20)}


class Reports:
    """Random reports within ~25 km and ~80 days of each other: around every limit of the rules. Half the new
    reports echo a stored one (the same dog, or nearly: a few hours and kilometres off, some facts told otherwise),
    so that many pairs score close to the threshold and to the edges of the time window."""

    def __init__(self, rng: random.Random):
        self.rng, self.now = rng, clock.now()
        self.stored: dict[str, list[dict]] = {"lost": [], "found": []}

    def place(self, placeless_share: float) -> dict:
        if self.rng.random() < placeless_share:
            return {"lat_e6": None, "lng_e6": None}
        km, bearing = 25 * math.sqrt(self.rng.random()), self.rng.uniform(0, 2 * math.pi)
        lat = CENTRE.lat + km * math.cos(bearing) / geo.KM_PER_DEGREE_LAT
        lng = CENTRE.lng + km * math.sin(bearing) / (geo.KM_PER_DEGREE_LAT * math.cos(math.radians(CENTRE.lat)))
        return {"lat_e6": round(lat * geo.E6), "lng_e6": round(lng * geo.E6)}

    def dog(self, placeless_share: float = 0.0) -> dict:
        rng = self.rng
        return {"breed_canonical": rng.choice(BREEDS), "sex": rng.choice(["male", "female", "unknown"]),
                "size": rng.choice(["small", "medium", "large", "unknown"]), "colour": rng.choice(COLOURS),
                "tag_token": rng.choice(TAGS) if rng.random() < 0.04 else None,
                "chip_no": rng.choice(CHIPS) if rng.random() < 0.04 else None, **self.place(placeless_share)}

    def echo(self, other: str, placeless_share: float) -> tuple[dict, object]:
        """A dog like a stored report of the other kind, and when: around its time, or days after it."""
        rng = self.rng
        seen, fresh = rng.choice(self.stored[other]), self.dog(placeless_share)
        dog = {k: fresh[k] if rng.random() < 0.4 else seen[k] for k in ("breed_canonical", "sex", "size", "colour")}
        dog.update(tag_token=fresh["tag_token"], chip_no=fresh["chip_no"], lat_e6=fresh["lat_e6"],
                   lng_e6=fresh["lng_e6"])
        if seen["lat_e6"] is not None and fresh["lat_e6"] is not None and rng.random() < 0.8:
            dog.update(lat_e6=seen["lat_e6"] + rng.randint(-30_000, 30_000),
                       lng_e6=seen["lng_e6"] + rng.randint(-40_000, 40_000))
        sign = 1 if other == "lost" else -1  # a finding comes after the loss
        hours = rng.choice([rng.uniform(-3, 3), rng.uniform(0, 24 * 70)])
        return dog, seen["at"] + sign * timedelta(hours=hours)

    def at(self):
        return self.now - timedelta(seconds=self.rng.uniform(0, 80 * 86400))

    def lost(self, user_id: str, new: bool = False) -> LostReport:
        status = "open" if self.rng.random() < 0.9 else "reunited"
        dog, at = self.echo("found", 0.0) if new and self.rng.random() < 0.5 else (self.dog(), self.at())
        if not new:
            self.stored["lost"].append({**dog, "at": at})
        return LostReport(user_id=user_id, status=status, lost_at=at, **dog)

    def found(self, user_id: str, new: bool = False) -> FoundReport:
        status = "open" if self.rng.random() < 0.9 else "returned"
        shelter = self.rng.random() < 0.2
        placeless = 0.3 if shelter else 0.0
        dog, at = self.echo("lost", placeless) if new and self.rng.random() < 0.5 else (self.dog(placeless), self.at())
        if not new:
            self.stored["found"].append({**dog, "at": at})
        return FoundReport(source="shelter" if shelter else "public", user_id=None if shelter else user_id,
                           status=status, found_at=at, **dog)


def _open_facts(model, at_column) -> list[tuple[str, object]]:
    columns = [getattr(model, c) for c in matching.FACT_COLUMNS] + [at_column]
    rows = db.session.execute(db.select(*columns).where(model.status == "open"))
    return [(row.id, matching._row_facts(row, row[-1])) for row in rows]


def _by_rules_alone(mine, others, rules, mine_is_lost: bool) -> dict[str, tuple[str, float]]:
    """Every open report of the other kind, scored by the rules: no SQL narrowing of any kind."""
    scored = {other_id: match(mine, facts, rules) if mine_is_lost else match(facts, mine, rules)
              for other_id, facts in others}
    return {other_id: (m.kind, m.score) for other_id, m in scored.items() if m is not None}


@pytest.fixture
def seeded(app):
    rng = random.Random(SEED)
    with app.app_context():
        user_id = new_id()
        db.session.execute(sa.insert(User.__table__), [{"id": user_id, "created_at": clock.now(),
                                                         "updated_at": clock.now()}])
        reports = Reports(rng)
        stored = [reports.lost(user_id) for _ in range(ROWS)] + [reports.found(user_id) for _ in range(ROWS)]
        db.session.add_all(stored)
        db.session.flush()
        # A row written without its colour bits (a bulk insert that left them out) must still be matched.
        for report in rng.sample(stored, ROWS // 10):
            db.session.execute(sa.update(type(report)).where(type(report).id == report.id).values(colour_bits=None))
        db.session.commit()
    return reports, user_id


def _each_new_report(app, reports: Reports, user_id: str):
    """For new found and lost reports under each settings: what the service found, and every match by the rules
    alone (id: (kind, score))."""
    with app.app_context():
        lost_rows = _open_facts(LostReport, LostReport.lost_at)
        found_rows = _open_facts(FoundReport, FoundReport.found_at)
        for name, rules in settings_variants(matching.settings()).items():
            for _ in range(NEW):
                found, lost = reports.found(user_id, new=True), reports.lost(user_id, new=True)
                yield (name, matching.facts(found), matching.candidates_for_found(found, rules),
                       _by_rules_alone(matching.facts(found), lost_rows, rules, mine_is_lost=False))
                yield (name, matching.facts(lost), matching.candidates_for_lost(lost, rules),
                       _by_rules_alone(matching.facts(lost), found_rows, rules, mine_is_lost=True))
                db.session.rollback()


def test_the_bound_never_drops_a_match(app, seeded, monkeypatch):
    monkeypatch.setattr(matching, "KEEP_PER_REPORT", 10 ** 6)  # every match, not the best 20
    kinds, compared = set(), 0
    for name, mine, got, expected in _each_new_report(app, *seeded):
        assert {i: (m.kind, m.score) for i, m in got} == expected, (name, mine)
        kinds |= {kind for kind, _ in expected.values()}
        compared += len(expected)
    assert kinds == {"score", "tag", "chip"} and compared > 500  # the comparison was not vacuous


def test_reading_the_best_bounds_first_keeps_the_best_matches(app, seeded, monkeypatch):
    """Read FETCH_FIRST rows, best bound first: the kept matches are the best the rules give, whether those rows
    were enough or all had to be read. Matches of equal score at the cut may be either."""
    monkeypatch.setattr(matching, "FETCH_FIRST", matching.KEEP_PER_REPORT + 1)  # both ways, often
    settled, real_settled = [], matching._settled

    def counted(best, last_bound) -> bool:
        settled.append(real_settled(best, last_bound))
        return settled[-1]

    monkeypatch.setattr(matching, "_settled", counted)
    for name, mine, got, expected in _each_new_report(app, *seeded):
        rank = sorted(((kind == "score", -score), other) for other, (kind, score) in expected.items())
        best = rank[:matching.KEEP_PER_REPORT]
        assert [((m.kind == "score", -m.score)) for _, m in got] == [key for key, _ in best], (name, mine)
        cut = best[-1][0] if best else None
        assert {i for i, m in got if (m.kind == "score", -m.score) < cut} == {i for key, i in best if key < cut}
    assert True in settled and False in settled  # both ways were taken


def test_rows_whose_bound_overstates_their_score_do_not_crowd_out_the_best(app):
    """Two colours the rules do not recognise bound as the same text (1.0) yet score 0 when they differ: read
    first, such rows must not take the places of matches that really score higher."""
    with app.app_context():
        user_id, now = new_id(), clock.now()
        db.session.execute(sa.insert(User.__table__), [{"id": user_id, "created_at": now, "updated_at": now}])

        def lost(colour: str, km: float) -> LostReport:
            return LostReport(user_id=user_id, status="open", lost_at=now - timedelta(days=1), breed_canonical="柯基犬",
                              sex="male", size="small", colour=colour, lat_e6=round((CENTRE.lat + km / 111.32) * 1e6),
                              lng_e6=CENTRE.lng_e6)

        crowd = [lost("青", 0.1 + n / 100) for n in range(matching.FETCH_FIRST)]  # nearer: higher bounds
        best = [lost("赤色", 1 + n / 100) for n in range(matching.KEEP_PER_REPORT)]
        db.session.add_all(crowd + best)
        db.session.commit()
        found = FoundReport(source="public", user_id=user_id, status="open", found_at=now, breed_canonical="柯基犬",
                            sex="male", size="small", colour="赤色", lat_e6=CENTRE.lat_e6, lng_e6=CENTRE.lng_e6)
        got = matching.candidates_for_found(found, matching.settings())
        assert {other for other, _ in got} == {report.id for report in best}
