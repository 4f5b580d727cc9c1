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
# Prints requests/s and latency percentiles; copy the figures into docs/benchmarks.md.
#
#   BENCH_DATABASE_URL  admin URL (default postgres://postgres@127.0.0.1:5432/postgres)
#   BENCH_SECONDS       duration of each run (default 15)
#   BENCH_ONLY          run only these scenarios, comma-separated: staff,login,patients,record
#                       (default: all; the seeding is always complete)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ADMIN_URL="${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
SECS="${BENCH_SECONDS:-15}"
DB=oncocenter_bench
step() { printf '\n==> %s\n' "$*"; }
ONLY="${BENCH_ONLY:-staff,login,patients,record}"
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

want patients && for MODE in batched sync off; do
  start_server "$MODE"
  step "[$MODE] GET /api/v1/patients?page=1&per_page=20 (10,004 patients) — 64 connections, ${SECS}s"
  wrk -t2 -c64 -d"${SECS}s" --latency -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/patients?page=1&per_page=20"
  step "[$MODE] GET /api/v1/patients?q=соколов (name prefix, 500 matches) — 64 connections, ${SECS}s"
  wrk -t2 -c64 -d"${SECS}s" --latency -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/patients?q=%D1%81%D0%BE%D0%BA%D0%BE%D0%BB%D0%BE%D0%B2&page=1&per_page=20"
done
psql "$DB_URL" -qAtc "SELECT 'audit rows written: ' || count(*) FROM audit_log"
echo
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB; $(psql --version)"
