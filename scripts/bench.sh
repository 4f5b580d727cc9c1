#!/usr/bin/env bash
# Benchmarks (not tests): the release server on PostgreSQL with 1,000 staff and 10,000
# patient cards seeded, loaded by wrk on loopback at 64 connections.
#   1. authenticated GET of a staff-list page   vs   GET /api/v1/health
#   2. logins per second over 200 distinct accounts (so the limiter is not what is measured)
#   3. a patient-list page and a name-prefix search over 10,000 patients, each with its audit
#      row written `batched` (the default), `sync` (before the response) and `off` (no audit
#      row) — the same read side by side, the server restarted per mode
#   4. the medical-record list of a patient with 2,000 signed entries: page 1 as the patient
#      (`/cabinet/record`) and as his doctor (`/patients/{id}/record`)
#   5. monitoring: doctor1 with 500 active patients × 365 days of vitals diaries (~155,000
#      submissions, ~930,000 observations), a weekly ESAS-r, a daily assignment each and
#      some open alerts — the "Monitoring" list page, one patient's one-year chart series, and
#      ESAS-r submissions with rule evaluation as a patient (`POST /cabinet/submissions`)
#   6. first-load: the login page on a slow-3G phone profile (150 ms, 1.6 Mbit/s, CPU 4× slower)
#      in Chromium, cold and cached, median of 3 (e2e/bench/first_load.mjs; the SPA as built)
# Prints requests/s and latency percentiles; copy the figures into docs/benchmarks.md.
#
#   BENCH_DATABASE_URL  admin URL (default postgres://postgres@127.0.0.1:5432/postgres)
#   BENCH_SECONDS       duration of each run (default 15)
#   BENCH_DB            the database it creates and drops (default oncocenter_bench)
#   BENCH_ONLY          run only these scenarios, comma-separated: staff,login,patients,record,
#                       monitoring,first-load (default: all; the seeding is complete, but the monitoring
#                       data — about a minute — is seeded only when `monitoring` runs)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ADMIN_URL="${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
SECS="${BENCH_SECONDS:-15}"
DB="${BENCH_DB:-oncocenter_bench}"
step() { printf '\n==> %s\n' "$*"; }
ONLY="${BENCH_ONLY:-staff,login,patients,record,monitoring,first-load}"
want() { case ",$ONLY," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

if ! command -v wrk >/dev/null; then
  step "installing wrk (Debian)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
fi

step "release build"
cargo build --release --quiet -p server --bin oncocenter
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/oncocenter"

step "fresh database $DB"
psql "$ADMIN_URL" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
DB_URL="${ADMIN_URL%/*}/$DB"
DATA="$(mktemp -d)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
export ONCOCENTER_DATABASE_URL="$DB_URL" ONCOCENTER_DATA_DIR="$DATA" ONCOCENTER_BIND="127.0.0.1:$PORT" \
  ONCOCENTER_DB_MAX_CONNECTIONS=20 RUST_LOG=warn
"$BIN" demo-seed >/dev/null

step "seeding 1,000 staff and 200 login accounts"
psql "$DB_URL" -q <<'SQL'
WITH org AS (SELECT id FROM organizations LIMIT 1)
INSERT INTO memberships (id, organization_id, account_id, role, status, invited_email, last_name, first_name,
  middle_name, search_key, invitation_sent_at, invitation_expires_at, created_at, updated_at)
SELECT gen_random_uuid(), org.id, NULL, (ARRAY['doctor','instructor','assistant'])[1 + n % 3], 'pending',
  'staff' || n || '@bench.example', 'Фамилия' || n, 'Имя' || n, NULL,
  'фамилия' || n || ' имя' || n || ' staff' || n || '@bench.example', now(), now() + interval '10 days', now(), now()
FROM org, generate_series(1, 1000) AS n;
INSERT INTO accounts (id, email, password_hash, session_version, locale, created_at, updated_at)
SELECT gen_random_uuid(), 'login' || n || '@bench.example',
  (SELECT password_hash FROM accounts WHERE email = 'organizer@demo.oncocenter.local'), 0, 'ru', now(), now()
FROM generate_series(1, 200) AS n;
INSERT INTO memberships (id, organization_id, account_id, role, status, invited_email, last_name, first_name,
  middle_name, search_key, activated_at, created_at, updated_at)
SELECT gen_random_uuid(), (SELECT id FROM organizations LIMIT 1), a.id, 'doctor', 'active', a.email, 'Врач', 'Тест', NULL,
  'врач тест ' || a.email, now(), now(), now()
FROM accounts a WHERE a.email LIKE 'login%@bench.example';
-- 10,000 patient cards with their three consents; every tenth is doctor1's.
WITH org AS (SELECT id FROM organizations LIMIT 1),
names AS (SELECT ARRAY['Иванов','Смирнов','Кузнецов','Попов','Васильев','Петров','Соколов','Михайлов','Новиков',
  'Фёдоров','Морозов','Волков','Алексеев','Лебедев','Семёнов','Егоров','Павлов','Козлов','Степанов','Николаев'] AS a)
INSERT INTO patient_cards (id, organization_id, account_id, last_name, first_name, middle_name, search_key, birth_date,
  sex, email, phone, snils, external_id, status, created_at, updated_at, invitation_sent_at, invitation_expires_at,
  archived_at, created_by)
SELECT gen_random_uuid(), org.id, NULL, names.a[1 + n % 20] || CASE WHEN n % 2 = 0 THEN 'а' ELSE '' END,
  'Имя' || n, NULL,
  lower(replace(names.a[1 + n % 20], 'ё', 'е')) || CASE WHEN n % 2 = 0 THEN 'а' ELSE '' END || ' имя' || n
    || ' patient' || n || '@bench.example',
  date '1940-01-01' + (n % 20000), CASE WHEN n % 2 = 0 THEN 'female' ELSE 'male' END, 'patient' || n || '@bench.example',
  NULL, NULL, NULL, 'pending', now() - (n || ' minutes')::interval, now(), NULL, NULL, NULL, NULL
FROM org, names, generate_series(1, 10000) AS n;
INSERT INTO patient_consents (patient_card_id, kind, email, recorded_at, recorded_by)
SELECT c.id, k.kind, CASE WHEN k.kind = 'email_results' THEN c.email END, now(), NULL
FROM patient_cards c, (VALUES ('telemedicine'), ('email_results'), ('personal_data')) AS k(kind)
WHERE c.email LIKE '%@bench.example';
INSERT INTO doctor_patients (organization_id, doctor_id, patient_card_id, assigned_at, assigned_by)
SELECT c.organization_id, (SELECT id FROM memberships WHERE invited_email = 'doctor1@demo.oncocenter.local'), c.id, now(), NULL
FROM patient_cards c WHERE c.email LIKE '%0@bench.example';
-- The record patient: the demo card of Васильев (doctor1's), registered (an account with the
-- demo password, an active patient membership), with 2,000 signed entries over 2,000 days.
INSERT INTO accounts (id, email, password_hash, session_version, locale, created_at, updated_at)
SELECT gen_random_uuid(), 'vasiliev@demo.oncocenter.local',
  (SELECT password_hash FROM accounts WHERE email = 'organizer@demo.oncocenter.local'), 0, 'ru', now(), now();
UPDATE patient_cards SET status = 'active',
  account_id = (SELECT id FROM accounts WHERE email = 'vasiliev@demo.oncocenter.local')
WHERE email = 'vasiliev@demo.oncocenter.local';
INSERT INTO memberships (id, organization_id, account_id, role, status, invited_email, last_name, first_name,
  middle_name, search_key, activated_at, created_at, updated_at)
SELECT gen_random_uuid(), c.organization_id, c.account_id, 'patient', 'active', c.email, c.last_name, c.first_name,
  c.middle_name, c.search_key, now(), now(), now()
FROM patient_cards c WHERE c.email = 'vasiliev@demo.oncocenter.local';
WITH card AS (SELECT id, organization_id FROM patient_cards WHERE email = 'vasiliev@demo.oncocenter.local'),
doc AS (SELECT id FROM memberships WHERE invited_email = 'doctor1@demo.oncocenter.local' AND role = 'doctor')
INSERT INTO record_entries (id, organization_id, patient_card_id, kind, status, occurred_on, title, body, amends_id,
  author_membership_id, author_name, author_role, signed_by, signed_by_name, signed_at, created_at, updated_at)
SELECT gen_random_uuid(), card.organization_id, card.id, (ARRAY['outpatient','inpatient','telemedicine'])[1 + n % 3],
  'signed', date '2026-11-01' - n, 'Запись ' || n, repeat('Текст записи. ', 40), NULL,
  doc.id, 'Петров Иван Ильич', 'doctor', doc.id, 'Петров Иван Ильич', now(), now(), now()
FROM card, doc, generate_series(1, 2000) AS n;
ANALYZE;
SQL

if want monitoring; then
step "seeding monitoring: 500 patients × 365 days of diaries for doctor1"
psql "$DB_URL" -q -v ON_ERROR_STOP=1 <<'SQL'
-- The built-in vitals diary and ESAS-r, unless the seed already made the templates (the JSON is
-- what `common::templates` serializes to, items reduced to what the rules and charts read).
WITH org AS (SELECT id FROM organizations LIMIT 1),
t(code, purpose, title_ru, title_en, def) AS (VALUES
  ('vitals', 'diary', 'Дневник самочувствия', 'Vitals diary',
   '{"title":{"ru":"Дневник самочувствия","en":"Vitals diary"},"items":['
   '{"code":"vitals.temp_c","kind":"number","label":{"ru":"Температура","en":"Temperature"},"unit":"°C","min":34.0,"max":43.0,"decimals":1},'
   '{"code":"vitals.systolic","kind":"number","label":{"ru":"Давление: верхнее","en":"Blood pressure: systolic"},"unit":"mmHg","min":50.0,"max":260.0},'
   '{"code":"vitals.diastolic","kind":"number","label":{"ru":"Давление: нижнее","en":"Blood pressure: diastolic"},"unit":"mmHg","min":30.0,"max":160.0},'
   '{"code":"vitals.pulse","kind":"number","label":{"ru":"Пульс","en":"Pulse"},"unit":"bpm","min":30.0,"max":220.0},'
   '{"code":"vitals.weight_kg","kind":"number","label":{"ru":"Вес","en":"Weight"},"unit":"kg","min":20.0,"max":300.0,"decimals":1},'
   '{"code":"vitals.spo2","kind":"number","label":{"ru":"Сатурация (SpO2)","en":"Oxygen saturation (SpO2)"},"unit":"%","min":50.0,"max":100.0}]}'),
  ('esas_r', 'questionnaire', 'Симптомы (ESAS-r)', 'Symptoms (ESAS-r)',
   '{"title":{"ru":"Симптомы (ESAS-r)","en":"Symptoms (ESAS-r)"},"items":['
   '{"code":"esas.pain","kind":"scale","label":{"ru":"Боль","en":"Pain"},"required":true},'
   '{"code":"esas.tiredness","kind":"scale","label":{"ru":"Усталость (нехватка сил)","en":"Tiredness (lack of energy)"},"required":true},'
   '{"code":"esas.drowsiness","kind":"scale","label":{"ru":"Сонливость","en":"Drowsiness (feeling sleepy)"},"required":true},'
   '{"code":"esas.nausea","kind":"scale","label":{"ru":"Тошнота","en":"Nausea"},"required":true},'
   '{"code":"esas.appetite","kind":"scale","label":{"ru":"Отсутствие аппетита","en":"Lack of appetite"},"required":true},'
   '{"code":"esas.breath","kind":"scale","label":{"ru":"Одышка","en":"Shortness of breath"},"required":true},'
   '{"code":"esas.depression","kind":"scale","label":{"ru":"Подавленность (грусть)","en":"Depression (feeling sad)"},"required":true},'
   '{"code":"esas.anxiety","kind":"scale","label":{"ru":"Тревога (беспокойство)","en":"Anxiety (feeling nervous)"},"required":true},'
   '{"code":"esas.wellbeing","kind":"scale","label":{"ru":"Плохое самочувствие в целом","en":"Wellbeing (how you feel overall; 10 = worst)"},"required":true}]}')
),
missing AS (
  SELECT gen_random_uuid() AS qid, gen_random_uuid() AS vid, org.id AS org, t.*
  FROM org, t WHERE NOT EXISTS (SELECT 1 FROM questionnaires q WHERE q.organization_id = org.id AND q.code = t.code)
),
q AS (
  INSERT INTO questionnaires (id, organization_id, code, purpose, template, title_ru, title_en, item_count,
    current_version, current_version_id, archived_at, created_at, updated_at)
  SELECT qid, org, code, purpose, code, title_ru, title_en, json_array_length((def::json)->'items'), 1, vid, NULL, now(), now()
  FROM missing RETURNING id
)
INSERT INTO questionnaire_versions (id, questionnaire_id, version, definition, created_by, created_at)
SELECT vid, qid, 1, def, NULL, now() FROM missing WHERE qid IN (SELECT id FROM q);

-- 500 of doctor1's bench cards become active (registered patients), each with a daily vitals
-- assignment made 60 days ago.
CREATE TEMP TABLE mon_cards AS
SELECT c.id, c.organization_id, row_number() OVER (ORDER BY c.id) AS k
FROM patient_cards c JOIN doctor_patients d ON d.patient_card_id = c.id
WHERE d.doctor_id = (SELECT id FROM memberships WHERE invited_email = 'doctor1@demo.oncocenter.local')
  AND c.email LIKE '%@bench.example'
ORDER BY c.id LIMIT 500;
UPDATE patient_cards SET status = 'active' WHERE id IN (SELECT id FROM mon_cards);
CREATE TEMP TABLE mon_q AS
SELECT (SELECT current_version_id FROM questionnaires WHERE code = 'vitals' LIMIT 1) AS vitals_v,
       (SELECT id FROM questionnaires WHERE code = 'vitals' LIMIT 1) AS vitals,
       (SELECT current_version_id FROM questionnaires WHERE code = 'esas_r' LIMIT 1) AS esas_v,
       (SELECT id FROM questionnaires WHERE code = 'esas_r' LIMIT 1) AS esas;
INSERT INTO assignments (id, organization_id, patient_card_id, questionnaire_id, schedule, start_date, until_date,
  assigned_by, assigned_by_name, created_at, ended_at)
SELECT gen_random_uuid(), c.organization_id, c.id, mon_q.vitals,
  '{"repeat":{"kind":"daily"},"start":"' || (current_date - 60) || '"}', current_date - 60, NULL,
  (SELECT id FROM memberships WHERE invited_email = 'doctor1@demo.oncocenter.local'), 'Петров Иван Ильич',
  now() - interval '60 days', NULL
FROM mon_cards c, mon_q;

-- A year of daily diaries (a patient skips every (k mod 7 + 3)-th day); those of the last 60
-- days answer the assignment's due day.
CREATE TEMP TABLE mon_subs AS
SELECT gen_random_uuid() AS id, c.id AS card, c.organization_id AS org, c.k, day,
  (now() - (day || ' days')::interval - interval '2 hours') AS at
FROM mon_cards c, generate_series(0, 364) AS day
WHERE day % (c.k % 7 + 3) <> 1;
INSERT INTO submissions (id, organization_id, patient_card_id, questionnaire_id, version_id, assignment_id, due_on,
  local_date, answers, entry_id, submitted_by, acting_for, submitted_at)
SELECT s.id, s.org, s.card, mon_q.vitals, mon_q.vitals_v,
  CASE WHEN s.day < 60 THEN a.id END, CASE WHEN s.day < 60 THEN (s.at AT TIME ZONE 'Europe/Moscow')::date END,
  (s.at AT TIME ZONE 'Europe/Moscow')::date,
  '[{"code":"vitals.temp_c","value":36.6},{"code":"vitals.pulse","value":72}]', gen_random_uuid(),
  '00000000-0000-0000-0000-000000000000', NULL, s.at
FROM mon_subs s JOIN assignments a ON a.patient_card_id = s.card, mon_q;
INSERT INTO observations (id, organization_id, patient_card_id, submission_id, code, value, at)
SELECT gen_random_uuid(), s.org, s.card, s.id, v.code,
  CASE v.code
    WHEN 'vitals.temp_c' THEN 36.4 + ((s.k + s.day) % 9) / 10.0
    WHEN 'vitals.systolic' THEN 110 + (s.k + s.day) % 30
    WHEN 'vitals.diastolic' THEN 70 + (s.k + s.day) % 15
    WHEN 'vitals.pulse' THEN 60 + (s.k * 7 + s.day) % 40
    WHEN 'vitals.weight_kg' THEN 60 + s.k % 30 - s.day / 100.0
    ELSE 94 + (s.k + s.day) % 6 END, s.at
FROM mon_subs s, (VALUES ('vitals.temp_c'), ('vitals.systolic'), ('vitals.diastolic'), ('vitals.pulse'),
  ('vitals.weight_kg'), ('vitals.spo2')) AS v(code);
-- A weekly ESAS-r (9 scores each) over the last year, worsening this week for every fifth patient.
CREATE TEMP TABLE mon_esas AS
SELECT gen_random_uuid() AS id, c.id AS card, c.organization_id AS org, c.k, day,
  (now() - (day || ' days')::interval - interval '1 hour') AS at
FROM mon_cards c, generate_series(0, 364) AS day WHERE day % 7 = c.k % 7;
INSERT INTO submissions (id, organization_id, patient_card_id, questionnaire_id, version_id, assignment_id, due_on,
  local_date, answers, entry_id, submitted_by, acting_for, submitted_at)
SELECT e.id, e.org, e.card, mon_q.esas, mon_q.esas_v, NULL, NULL, (e.at AT TIME ZONE 'Europe/Moscow')::date,
  '[]', gen_random_uuid(), '00000000-0000-0000-0000-000000000000', NULL, e.at
FROM mon_esas e, mon_q;
INSERT INTO observations (id, organization_id, patient_card_id, submission_id, code, value, at)
SELECT gen_random_uuid(), e.org, e.card, e.id, 'esas.' || v.item,
  LEAST(6, (e.k + v.n) % 4 + CASE WHEN e.k % 5 = 0 AND e.day < 7 THEN 2 ELSE 0 END), e.at
FROM mon_esas e, (VALUES (1, 'pain'), (2, 'tiredness'), (3, 'drowsiness'), (4, 'nausea'), (5, 'appetite'),
  (6, 'breath'), (7, 'depression'), (8, 'anxiety'), (9, 'wellbeing')) AS v(n, item);
-- Open alerts for every twentieth patient (a temperature), a third of them escalated.
INSERT INTO alerts (id, organization_id, patient_card_id, rule, rule_kind, item, status, opened_at, first_value,
  worst_value, last_value, reference, worst_severity, last_at, values_count, notified, acknowledged_at,
  acknowledged_by, acknowledged_by_name, note, escalated_at, escalated_to, escalated_to_name)
SELECT gen_random_uuid(), c.organization_id, c.id, 'temp_high', 'threshold', 'vitals.temp_c', 'open',
  now() - (c.k || ' hours')::interval, 38.4, 38.4, 38.4, 38.0, 0.4, now() - (c.k || ' hours')::interval, 1, 1,
  NULL, NULL, NULL, NULL,
  CASE WHEN c.k % 60 = 0 THEN now() END,
  CASE WHEN c.k % 60 = 0 THEN (SELECT id FROM memberships WHERE invited_email = 'doctor2@demo.oncocenter.local') END,
  CASE WHEN c.k % 60 = 0 THEN 'Смирнова Ольга' END
FROM mon_cards c WHERE c.k % 20 = 0;
-- The submitting patient (Васильев): ESAS-r assigned to him.
INSERT INTO assignments (id, organization_id, patient_card_id, questionnaire_id, schedule, start_date, until_date,
  assigned_by, assigned_by_name, created_at, ended_at)
SELECT gen_random_uuid(), c.organization_id, c.id, mon_q.esas,
  '{"repeat":{"kind":"daily"},"start":"' || current_date || '"}', current_date, NULL, NULL, 'Петров Иван Ильич', now(), NULL
FROM patient_cards c, mon_q WHERE c.email = 'vasiliev@demo.oncocenter.local';
ANALYZE;
SQL
fi

SERVER=""
trap 'kill $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
BASE="http://127.0.0.1:$PORT"
# start_server MODE: (re)starts the server with ONCOCENTER_AUDIT_READS=MODE and logs in.
start_server() {
  if [ -n "$SERVER" ]; then kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; fi
  step "starting the server on :$PORT (audit of reads: $1)"
  ONCOCENTER_AUDIT_READS="$1" "$BIN" serve >>"$DATA/serve.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 100); do curl -sf "$BASE/api/v1/health" >/dev/null && break; sleep 0.1; done
  TOKEN="$(curl -sf -X POST "$BASE/api/v1/auth/login" -H 'content-type: application/json' \
    -d '{"email":"organizer@demo.oncocenter.local","password":"onco-demo-2026"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')"
}
start_server batched

LUA="$(mktemp --suffix=.lua)"
cat >"$LUA" <<'LUAEOF'
local n = 0
request = function()
  n = n + 1
  local body = string.format('{"email":"login%d@bench.example","password":"onco-demo-2026"}', (n % 200) + 1)
  return wrk.format("POST", "/api/v1/auth/login", {["content-type"] = "application/json"}, body)
end
LUAEOF

if want staff; then
step "GET /api/v1/staff?page=1&per_page=20 (authenticated; 1,006 staff) — 64 connections, ${SECS}s"
wrk -t2 -c64 -d"${SECS}s" --latency -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/staff?page=1&per_page=20"
step "GET /api/v1/staff?q=фамилия12&page=1 (search) — 64 connections, ${SECS}s"
wrk -t2 -c64 -d"${SECS}s" --latency -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/staff?q=%D1%84%D0%B0%D0%BC%D0%B8%D0%BB%D0%B8%D1%8F12&page=1"
step "GET /api/v1/health — 64 connections, ${SECS}s"
wrk -t2 -c64 -d"${SECS}s" --latency "$BASE/api/v1/health"
fi
if want login; then
step "POST /api/v1/auth/login over 200 accounts — 64 connections, ${SECS}s"
wrk -t2 -c64 -d"${SECS}s" --latency -s "$LUA" "$BASE"
fi
rm -f "$LUA"

if want record; then
  # login EMAIL: an access token of the account's (most recent) membership.
  login() {
    curl -sf -X POST "$BASE/api/v1/auth/login" -H 'content-type: application/json' \
      -d "{\"email\":\"$1\",\"password\":\"onco-demo-2026\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
  }
  PATIENT_TOKEN="$(login vasiliev@demo.oncocenter.local)"
  DOCTOR_TOKEN="$(login doctor1@demo.oncocenter.local)"
  CARD="$(psql "$DB_URL" -qAtc "SELECT id FROM patient_cards WHERE email = 'vasiliev@demo.oncocenter.local'")"
  step "GET /api/v1/cabinet/record?page=1&per_page=20 (the patient; 2,000 signed entries) — 64 connections, ${SECS}s"
  wrk -t2 -c64 -d"${SECS}s" --latency -H "Authorization: Bearer $PATIENT_TOKEN" "$BASE/api/v1/cabinet/record?page=1&per_page=20"
  step "GET /api/v1/patients/{id}/record?page=1&per_page=20 (his doctor; 2,000 entries) — 64 connections, ${SECS}s"
  wrk -t2 -c64 -d"${SECS}s" --latency -H "Authorization: Bearer $DOCTOR_TOKEN" "$BASE/api/v1/patients/$CARD/record?page=1&per_page=20"
fi

if want monitoring; then
  login() {
    curl -sf -X POST "$BASE/api/v1/auth/login" -H 'content-type: application/json' \
      -d "{\"email\":\"$1\",\"password\":\"onco-demo-2026\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
  }
  DOCTOR_TOKEN="$(login doctor1@demo.oncocenter.local)"
  PATIENT_TOKEN="$(login vasiliev@demo.oncocenter.local)"
  MON_CARD="$(psql "$DB_URL" -qAtc "SELECT c.id FROM patient_cards c JOIN doctor_patients d ON d.patient_card_id = c.id
    JOIN memberships m ON m.id = d.doctor_id WHERE m.invited_email = 'doctor1@demo.oncocenter.local'
    AND c.status = 'active' AND c.email LIKE '%@bench.example' ORDER BY c.id LIMIT 1")"
  FROM="$(date -d '-365 days' +%F)"; TO="$(date +%F)"
  psql "$DB_URL" -qAtc "SELECT 'monitoring data: ' || (SELECT count(*) FROM submissions) || ' submissions, '
    || (SELECT count(*) FROM observations) || ' observations, ' || (SELECT count(*) FROM alerts) || ' alerts'"
  step "GET /api/v1/monitoring/patients?page=1&per_page=20 (doctor1: 500 active patients × a year) — 64 connections, ${SECS}s"
  wrk -t2 -c64 -d"${SECS}s" --latency -H "Authorization: Bearer $DOCTOR_TOKEN" "$BASE/api/v1/monitoring/patients?page=1&per_page=20"
  step "GET /api/v1/patients/{id}/monitoring/series?from=$FROM&to=$TO (one patient's year) — 64 connections, ${SECS}s"
  wrk -t2 -c64 -d"${SECS}s" --latency -H "Authorization: Bearer $DOCTOR_TOKEN" \
    "$BASE/api/v1/patients/$MON_CARD/monitoring/series?from=$FROM&to=$TO"
  ESAS="$(psql "$DB_URL" -qAtc "SELECT id FROM questionnaires WHERE code = 'esas_r' LIMIT 1")"
  SUBMIT_LUA="$(mktemp --suffix=.lua)"
  cat >"$SUBMIT_LUA" <<LUAEOF
local n = 0
local codes = {"pain","tiredness","drowsiness","nausea","appetite","breath","depression","anxiety","wellbeing"}
request = function()
  n = n + 1
  local parts = {}
  for i, c in ipairs(codes) do
    parts[i] = string.format('{"code":"esas.%s","value":%d}', c, (n * 7 + i * 3) % 11)
  end
  local body = '{"questionnaire_id":"$ESAS","answers":[' .. table.concat(parts, ",") .. ']}'
  return wrk.format("POST", "/api/v1/cabinet/submissions",
    {["content-type"] = "application/json", ["authorization"] = "Bearer $PATIENT_TOKEN"}, body)
end
LUAEOF
  step "POST /api/v1/cabinet/submissions (ESAS-r, rules evaluated; the patient) — 16 connections, ${SECS}s"
  wrk -t2 -c16 -d"${SECS}s" --latency -s "$SUBMIT_LUA" "$BASE"
  rm -f "$SUBMIT_LUA"
  psql "$DB_URL" -qAtc "SELECT 'ESAS-r submissions stored: ' || count(*) FROM submissions s JOIN patient_cards c
    ON c.id = s.patient_card_id WHERE c.email = 'vasiliev@demo.oncocenter.local'"
fi

want patients && for MODE in batched sync off; do
  start_server "$MODE"
  step "[$MODE] GET /api/v1/patients?page=1&per_page=20 (10,004 patients) — 64 connections, ${SECS}s"
  wrk -t2 -c64 -d"${SECS}s" --latency -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/patients?page=1&per_page=20"
  step "[$MODE] GET /api/v1/patients?q=соколов (name prefix, 500 matches) — 64 connections, ${SECS}s"
  wrk -t2 -c64 -d"${SECS}s" --latency -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/patients?q=%D1%81%D0%BE%D0%BA%D0%BE%D0%BB%D0%BE%D0%B2&page=1&per_page=20"
done
psql "$DB_URL" -qAtc "SELECT 'audit rows written: ' || count(*) FROM audit_log"

if want first-load; then
  step "first load of /login on a slow-3G phone (150 ms, 1.6 Mbit/s, CPU ×4): cold and cached, median of 3"
  [ -f frontend/dist/frontend_bg.wasm.br ] || scripts/build-spa.sh
  (cd e2e && env -u ONCOCENTER_DATABASE_URL ONCOCENTER_BIN="$BIN" node bench/first_load.mjs)
fi
echo
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB; $(psql --version)"
