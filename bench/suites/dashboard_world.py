"""The dashboard benchmark's city: three years of licences, applications, shelter dogs, stray reports, notices and
payments, written by MariaDB itself.

Each table is filled by `INSERT … SELECT` over MariaDB's sequence tables (`seq_1_to_N`), 100,000 rows a statement:
multi-row inserts that never leave the server, about a minute for everything. "Random" is CRC32 of a tag and the row
number, so two runs build the same city. Every instant is spread over the last 1,096 days and every row over all
zones (licences, applications) or the district centres (stray reports).

Licences, applications, orders and notices point at a pool of residents, dogs and vaccinations (POOL each): the
dashboard never reads those, and the foreign keys stay true."""
from __future__ import annotations

import json
import time
from datetime import date, datetime

import sqlalchemy as sa

LICENCES = 1_000_000
STRAYS = 100_000
SHELTER_DOGS = 50_000
APPLICATIONS = 300_000
NOTICES = 500_000
ORDERS = 300_000
KENNELS = 158
IN_CARE = 140  # dogs in the shelter now, each in its own kennel
POOL = 10_000
DAYS = 1_096
CHUNK = 100_000
ZONES = ("xincheng-key", "huimin-key", "yuquan-key", "saihan-general", "jingkai-general")
REASONS = ("vaccination_certificate_invalid", "photo_unclear", "breed_mismatch", "owner_info_mismatch",
           "address_incomplete", "keeping_conditions", "other")


def h(tag: str, modulus: int) -> str:
    """A pseudo-random 0..modulus-1 for each row, the same every run."""
    return f"MOD(CRC32(CONCAT('{tag}', seq)), {modulus})"


def pick(tag: str, values: tuple) -> str:
    quoted = ", ".join(f"'{v}'" if isinstance(v, str) else str(v) for v in values)
    return f"ELT(1 + {h(tag, len(values))}, {quoted})"


def ordered_at(tag: str, total: int, span: int = DAYS * 1440) -> str:
    """Row `seq` of `total`, oldest first, over the last `span` minutes (with a little jitter): rows go in in the
    order of time, as the application writes them (its ids are time-ordered too), so each index grows at its end
    instead of being rewritten all over a buffer pool much smaller than the table."""
    return f"(@now - INTERVAL (({total} - seq) * {span} DIV {total} + {h(tag, max(1, span // total))}) MINUTE)"


def pooled(prefix: str, total: int) -> str:
    return f"CONCAT('{prefix}', LPAD(1 + (seq - 1) * {POOL} DIV {total}, 24, '0'))"


def row_id(prefix: str) -> str:
    return f"CONCAT('{prefix}', LPAD(seq, {26 - len(prefix)}, '0'))"


# The keyed hashes in row order, for the same reason as the times (the dashboard never reads them).
OWNER = ("'压测用户', 'bench', LPAD(seq, 64, '0'), '150102********123X', '13800138000', CONCAT('压测路', seq, '号'), "
         "LPAD(seq, 64, 'a')")
OWNER_COLUMNS = ("owner_name, owner_id_encrypted, owner_id_hash, owner_id_masked, owner_phone, owner_address, "
                 "owner_address_hash")
DOG_JSON = json.dumps({"name": "压测", "breed": "柯基", "sex": "male", "colour": "黄白", "birth_date": "2022-05-01",
                       "neutered": True, "photo_upload_ids": []}, ensure_ascii=False)
VACCINATION_JSON = json.dumps({"certificate_no": "B1", "clinic": "压测诊所", "vaccinated_on": "2026-01-01",
                               "expires_on": "2027-01-01"}, ensure_ascii=False)


def _pool() -> list[str]:
    return [
        f"INSERT INTO users (id, mini_openid, mp_followed, token_version, created_at, updated_at) "
        f"SELECT {row_id('BU')}, CONCAT('bench-', seq), 0, 0, @now, @now FROM seq_1_to_{POOL}",
        f"INSERT INTO dogs (id, name, breed, breed_canonical, sex, colour, birth_date, neutered, photo_upload_ids, "
        f"created_at, updated_at) SELECT {row_id('BD')}, '压测', '柯基', '柯基犬', 'male', '黄白', '2022-05-01', 1, "
        f"'[]', @now, @now FROM seq_1_to_{POOL}",
        f"INSERT INTO vaccinations (id, dog_id, certificate_no, clinic, vaccinated_on, expires_on, created_at, "
        f"updated_at) SELECT {row_id('BV')}, {row_id('BD')}, CONCAT('RV', seq), '压测诊所', @today, "
        f"@today + INTERVAL 1 YEAR, @now, @now FROM seq_1_to_{POOL}",
        f"INSERT INTO kennels (id, code, area, capacity, qr_token, active, created_at, updated_at) "
        f"SELECT {row_id('BK')}, CONCAT('K-', LPAD(seq, 3, '0')), 'A区', 1, CONCAT('bkq', seq), 1, @now, @now "
        f"FROM seq_1_to_{KENNELS}",
    ]


def _licences(first: int, last: int) -> str:
    """Issued any day of three years; renewed 0–2 times (never past today); 5% cancelled; expired when the last
    term ended more than the 30-day grace ago."""
    facts = (f"SELECT seq, @today - INTERVAL d DAY AS issued_on, d, LEAST({h('r', 3)}, FLOOR(d / 365)) AS renewals, "
             f"{h('c', 20)} = 0 AS cancelled, {pick('z', ZONES)} AS zone_code "
             f"FROM (SELECT seq, ({LICENCES} - seq) * {DAYS} DIV {LICENCES} AS d FROM seq_{first}_to_{last}) AS days")
    terms = (f"SELECT f.*, issued_on + INTERVAL (renewals + 1) YEAR - INTERVAL 1 DAY AS expires_on "
             f"FROM ({facts}) AS f")
    return (
        f"INSERT INTO licences (id, licence_no, tag_token, user_id, dog_id, vaccination_id, status, issued_on, "
        f"expires_on, cancelled_at, cancel_reason, {OWNER_COLUMNS}, zone_code, created_at, updated_at) "
        f"SELECT {row_id('BL')}, CONCAT('DP-B-', LPAD(seq, 8, '0')), CONCAT('bt', LPAD(seq, 10, '0')), "
        f"{pooled('BU', LICENCES)}, {pooled('BD', LICENCES)}, {pooled('BV', LICENCES)}, "
        f"CASE WHEN cancelled THEN 'cancelled' WHEN expires_on < @today - INTERVAL 30 DAY THEN 'expired' "
        f"ELSE 'active' END, issued_on, expires_on, "
        f"IF(cancelled, TIMESTAMP(issued_on + INTERVAL {h('cd', 300)} * d DIV 1096 DAY, '04:00:00'), NULL), "
        f"IF(cancelled, 'relocated', NULL), {OWNER}, zone_code, TIMESTAMP(issued_on, '02:00:00'), @now "
        f"FROM ({terms}) AS t")


def _applications(first: int, last: int) -> list[str]:
    """Those of the last three days still waiting; of the others 2% withdrawn, 6% rejected, the rest issued, and a
    fifth were rejected once with a listed reason and corrected a day later. Reviewers take 0–72 hours."""
    facts = (f"SELECT seq, {h('k', 100)} AS k, {h('x', 5)} = 0 AS twice, {pick('why', REASONS)} AS first_reason, "
             f"{pick('why2', REASONS)} AS final_reason, {pick('z', ZONES)} AS zone_code, "
             f"{h('w1', 4320)} AS wait1, {h('w2', 4320)} AS wait2 FROM seq_{first}_to_{last}")
    times = (f"SELECT f.*, {ordered_at('s', APPLICATIONS)} AS first_at FROM ({facts}) AS f")
    waiting = f"SELECT t.*, first_at > @now - INTERVAL 3 DAY AS pending FROM ({times}) AS t"
    rounds = (f"SELECT w.seq, w.k, w.twice AND NOT pending AS twice, w.first_reason, w.final_reason, w.zone_code, "
              f"w.wait1, w.wait2, w.first_at, "
              f"IF(twice AND NOT pending, first_at + INTERVAL wait1 MINUTE + INTERVAL 1 DAY, first_at) AS last_at, "
              f"CASE WHEN pending THEN 'pending_review' WHEN k < 2 THEN 'withdrawn' WHEN k < 8 THEN 'rejected' "
              f"ELSE 'issued' END AS status FROM ({waiting}) AS w")
    final = (f"SELECT r.*, IF(status = 'pending_review', NULL, last_at + INTERVAL wait2 MINUTE) AS decided "
             f"FROM ({rounds}) AS r")
    outcome = "CASE status WHEN 'issued' THEN 'approved' ELSE status END"
    return [
        f"INSERT INTO licence_applications (id, user_id, status, round_no, dog, vaccination, submitted_at, "
        f"decided_at, reject_reason_code, reject_reason, {OWNER_COLUMNS}, zone_code, created_at, updated_at) "
        f"SELECT {row_id('BA')}, {pooled('BU', APPLICATIONS)}, status, 1 + twice, '{DOG_JSON}', "
        f"'{VACCINATION_JSON}', last_at, decided, IF(status = 'rejected', final_reason, NULL), "
        f"IF(status = 'rejected', '压测驳回', NULL), "
        f"{OWNER}, zone_code, first_at, @now FROM ({final}) AS a",
        # first rounds: the ones corrected later were rejected; the rest are the application's only round
        f"INSERT INTO application_rounds (id, application_id, round_no, submitted_at, snapshot, outcome, decided_at, "
        f"reject_reason, reject_reason_code) "
        f"SELECT {row_id('BR1')}, {row_id('BA')}, 1, first_at, '{{}}', IF(twice, 'rejected', {outcome}), "
        f"IF(twice, first_at + INTERVAL wait1 MINUTE, decided), IF(twice OR status = 'rejected', '压测驳回', NULL), "
        f"IF(twice, first_reason, IF(status = 'rejected', final_reason, NULL)) FROM ({final}) AS a",
        f"INSERT INTO application_rounds (id, application_id, round_no, submitted_at, snapshot, outcome, decided_at, "
        f"reject_reason, reject_reason_code) "
        f"SELECT {row_id('BR2')}, {row_id('BA')}, 2, last_at, '{{}}', {outcome}, decided, "
        f"IF(status = 'rejected', '压测驳回', NULL), IF(status = 'rejected', final_reason, NULL) "
        f"FROM ({final}) AS a WHERE twice",
    ]


def _shelter(first: int, last: int) -> str:
    """The newest IN_CARE dogs are in care, one per kennel; the others left 5–60 days after coming in."""
    newest = f"seq > {SHELTER_DOGS - IN_CARE}"
    facts = (f"SELECT seq, {ordered_at('i', SHELTER_DOGS)} AS intake_at, "
             f"IF({newest}, {pick('q', ('quarantine', 'available', 'reserved'))}, "
             f"{pick('o', ('adopted',) * 9 + ('reclaimed',) * 4 + ('transferred',) * 3 + ('died',) * 4)}) AS status "
             f"FROM seq_{first}_to_{last}")
    return (
        f"INSERT INTO shelter_dogs (id, dog_no, qr_token, kennel_id, status, source, intake_at, intake_place, "
        f"quarantine_until, name, breed, sex, colour, size, estimated_birth_date, neutered, temperament, description, "
        f"staff_notes, photo_upload_ids, outcome_at, created_at, updated_at) "
        f"SELECT {row_id('BS')}, CONCAT('SD-B-', LPAD(seq, 8, '0')), CONCAT('bsq', seq), "
        f"IF({newest}, CONCAT('BK', LPAD(seq - {SHELTER_DOGS - IN_CARE}, 24, '0')), NULL), status, "
        f"{pick('src', ('stray_capture',) * 12 + ('public_found',) * 5 + ('owner_surrender',) * 3)}, intake_at, "
        f"'压测', DATE(intake_at) + INTERVAL 14 DAY, '', '中华田园犬', {pick('sex', ('male', 'female'))}, '黄', "
        f"{pick('size', ('small', 'medium', 'large'))}, '2022-01-01', 0, '', '', '', '[]', "
        f"IF({newest}, NULL, intake_at + INTERVAL (5 + {h('stay', 56)}) DAY), intake_at, @now "
        f"FROM ({facts}) AS f")


def _strays(first: int, last: int, centres: list[tuple[str, float, float]], centre: tuple[float, float]) -> str:
    """70% around a district centre (σ ≈ 3 km, a sum of three uniforms), 30% anywhere in 80 km × 80 km, which then
    belong to the nearest centre within 25 km (as backend.reference.places decides) or to none."""
    noise = "(({u}a + {u}b + {u}c) / 1000000 - 1.5)"
    near = ", ".join(f"'{name}'" for name, _, _ in centres)
    lat_c = "ELT(1 + k, " + ", ".join(str(lat) for _, lat, _ in centres) + ")"
    lng_c = "ELT(1 + k, " + ", ".join(str(lng) for _, _, lng in centres) + ")"
    spread = (f"SELECT seq, {h('k', len(centres))} AS k, {h('city', 10)} < 7 AS in_city, "
              + ", ".join(f"{h(f'u{axis}{part}', 1000000)} AS u{axis}{part}"
                          for axis in "xy" for part in "abc")
              + f" FROM seq_{first}_to_{last}")
    place = (f"SELECT s.*, IF(in_city, {lat_c} + {noise.format(u='ux')} * 0.054, "
             f"{centre[0]} + (uxa / 1000000 - 0.5) * 0.72) AS lat, "
             f"IF(in_city, {lng_c} + {noise.format(u='uy')} * 0.071, {centre[1]} + (uya / 1000000 - 0.5) * 0.95) "
             f"AS lng FROM ({spread}) AS s")
    distances = ", ".join(f"POW((lat - {lat}) * 111.2, 2) + POW((lng - {lng}) * 84.1, 2)" for _, lat, lng in centres)
    nearest = (f"SELECT p.*, {h('st', 100)} AS st, {ordered_at('at', STRAYS)} AS at, "
               f"IF(in_city, ELT(1 + k, {near}), IF(LEAST({distances}) > 625, '', "
               f"ELT(FIELD(LEAST({distances}), {distances}), {near}))) AS district FROM ({place}) AS p")
    return (
        f"INSERT INTO stray_reports (id, user_id, status, reported_at, lat_e6, lng_e6, address, district, count, "
        f"description, photo_upload_ids, aggressive, injured, content_flagged, resolved_at, captured_count, "
        f"resolve_note, created_at, updated_at) "
        f"SELECT {row_id('BY')}, {pooled('BU', STRAYS)}, "
        f"CASE WHEN st < 10 THEN 'duplicate' WHEN st < 55 THEN 'captured' WHEN st < 85 THEN 'not_found' "
        f"WHEN st < 95 THEN 'dispatched' ELSE 'received' END, at, ROUND(lat * 1000000), ROUND(lng * 1000000), "
        f"'压测地点', district, 1 + {h('n', 3)}, '', '[]', 0, 0, 0, "
        f"IF(st >= 10 AND st < 85, at + INTERVAL (30 + {h('res', 2880)}) MINUTE, NULL), "
        f"IF(st >= 10 AND st < 55, 1 + {h('cc', 3)}, 0), '', at, @now FROM ({nearest}) AS n")


def _notices(first: int, last: int) -> str:
    facts = (f"SELECT seq, {h('ch', 100)} AS ch, {h('ok', 100)} AS ok, {ordered_at('nt', NOTICES)} AS at "
             f"FROM seq_{first}_to_{last}")
    return (
        f"INSERT INTO notices (id, user_id, kind, title, body, fields, created_at, delivery_status, channel, "
        f"attempts) SELECT {row_id('BN')}, {pooled('BU', NOTICES)}, 'bench', '压测通知', '压测', '{{}}', at, "
        f"CASE WHEN ch >= 98 THEN 'pending' WHEN ch >= 65 THEN 'in_app' WHEN ok < IF(ch < 55, 95, 90) THEN 'sent' "
        f"ELSE 'failed' END, CASE WHEN ch >= 98 THEN NULL WHEN ch >= 65 THEN 'in_app' WHEN ch >= 55 "
        f"THEN 'subscribe' ELSE 'template' END, 1 FROM ({facts}) AS f")


def _orders(first: int, last: int) -> list[str]:
    """Paid any time in three years, 70% through WeChat Pay; every 60th refunded three days later."""
    facts = (f"SELECT seq, {ordered_at('pd', ORDERS)} AS paid, IF({h('pc', 10)} < 7, 'wechat', 'alipay') AS channel, "
             f"{pick('amt', (25000, 50000, 12500, 20000))} AS fen, MOD(seq, 60) = 0 AS refunded "
             f"FROM seq_{first}_to_{last}")
    return [
        f"INSERT INTO payment_orders (id, user_id, purpose, subject_id, service, description, amount_fen, quote, "
        f"status, expires_at, paid_at, paid_trade_id, paid_channel, settled_by, refunded_fen, created_at, "
        f"updated_at) SELECT {row_id('BO')}, {pooled('BU', ORDERS)}, 'application', {row_id('BA')}, 'licence', "
        f"'犬证办理费', fen, '{{}}', IF(refunded, 'refunded', 'paid'), paid + INTERVAL 2 HOUR, paid, "
        f"IF(refunded, {row_id('BT')}, NULL), channel, 'notify', IF(refunded, fen, 0), paid - INTERVAL 1 HOUR, @now "
        f"FROM ({facts}) AS f",
        f"INSERT INTO payment_trades (id, order_id, channel, scene, amount_fen, status, expires_at, paid_at, "
        f"created_at, updated_at) SELECT {row_id('BT')}, {row_id('BO')}, channel, 'mini_program', fen, 'paid', "
        f"paid + INTERVAL 2 HOUR, paid, paid - INTERVAL 1 HOUR, @now FROM ({facts}) AS f WHERE refunded",
        f"INSERT INTO payment_refunds (id, order_id, trade_id, channel, amount_fen, reason, status, attempts, "
        f"completed_at, created_at, updated_at) SELECT {row_id('BF')}, {row_id('BO')}, {row_id('BT')}, channel, "
        f"fen, '注销退费', 'success', 1, paid + INTERVAL 3 DAY, paid + INTERVAL 3 DAY, @now "
        f"FROM ({facts}) AS f WHERE refunded",
    ]


def _chunks(total: int):
    for first in range(1, total + 1, CHUNK):
        yield first, min(total, first + CHUNK - 1)


def seed(conn, today: date, now: datetime, centres, centre) -> dict[str, float]:
    """Fills the tables; returns the seconds each took."""
    conn.execute(sa.text("SET @today = :today, @now = :now"), {"today": today, "now": now.replace(tzinfo=None)})
    steps = {"pool (residents, dogs, vaccinations, kennels)": _pool(),
             "licences": [_licences(a, b) for a, b in _chunks(LICENCES)],
             "applications and rounds": [s for a, b in _chunks(APPLICATIONS) for s in _applications(a, b)],
             "shelter dogs": [_shelter(a, b) for a, b in _chunks(SHELTER_DOGS)],
             "stray reports": [_strays(a, b, centres, centre) for a, b in _chunks(STRAYS)],
             "notices": [_notices(a, b) for a, b in _chunks(NOTICES)],
             "payments": [s for a, b in _chunks(ORDERS) for s in _orders(a, b)]}
    took = {}
    for name, statements in steps.items():
        started = time.perf_counter()
        for statement in statements:
            conn.execute(sa.text(statement.replace(":", r"\:")))
            conn.commit()
        took[name] = time.perf_counter() - started
        print(f"seeded {name} in {took[name]:.1f}s", flush=True)
    conn.execute(sa.text("ANALYZE TABLE licences, licence_applications, application_rounds, shelter_dogs, "
                         "stray_reports, notices, payment_orders, payment_refunds"))
    return took
