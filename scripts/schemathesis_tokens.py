#!/usr/bin/env python3
"""Access tokens of the demo people for scripts/schemathesis.sh (standard library only).

    schemathesis_tokens.py <base url> <data dir> <demo password>

Prints `ROLE=<access token>` lines for organizer, doctor, assistant, operator (logged in as
`oncocenter demo-seed` created them) and patient: the organizer invites the demo patient with
all three consents, the patient registers with the data of his card, the emailed code lands in
<data dir>/outbox (the server's folder mailer), and he completes the registration with a
password of his own, as a person would.
"""

import email
import email.policy
import json
import pathlib
import re
import sys
import time
import urllib.request

BASE, DATA, PASSWORD = sys.argv[1].rstrip("/"), pathlib.Path(sys.argv[2]), sys.argv[3]
API = f"{BASE}/api/v1"
PATIENT_EMAIL = "vasiliev@demo.oncocenter.local"  # demo card with all consents (services/seed.rs)
PATIENT_PASSWORD = "fuzzing the api all day long"


def call(method, path, body=None, token=None):
    req = urllib.request.Request(f"{API}{path}", method=method)
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(req, data=data, timeout=60) as res:
        text = res.read()
        return json.loads(text) if text else None


def login(who):
    return call("POST", "/auth/login", {"email": f"{who}@demo.oncocenter.local", "password": PASSWORD})["access_token"]


def outbox_files():
    outbox = DATA / "outbox"
    return sorted(outbox.glob("*.eml")) if outbox.exists() else []


def emailed_code(to, seen, timeout=30.0):
    """The 6-digit code of the newest email to `to` that is not in `seen`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in reversed([p for p in outbox_files() if p not in seen]):
            msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if to not in str(msg["To"]):
                continue
            part = msg.get_body(preferencelist=("plain",))
            m = re.search(r"(?<!\d)(\d{3})[ -]?(\d{3})(?!\d)", part.get_content() if part else "")
            if m:
                return m.group(1) + m.group(2)
        time.sleep(0.2)
    sys.exit(f"no email with a code to {to} in {DATA / 'outbox'} within {timeout:.0f} s")


def main():
    tokens = {who: login(who) for who in ("organizer", "doctor1", "assistant", "operator")}
    page = call("GET", "/patients?per_page=100", token=tokens["organizer"])
    card = next(p for p in page["items"] if p.get("email") == PATIENT_EMAIL)
    call("POST", f"/patients/{card['id']}/invite", {"email": PATIENT_EMAIL}, token=tokens["organizer"])
    seen = set(outbox_files())
    call("POST", "/registration", {"email": PATIENT_EMAIL, "last_name": card["last_name"],
                                   "first_name": card["first_name"], "birth_date": card["birth_date"]})
    code = emailed_code(PATIENT_EMAIL, seen)
    tokens["patient"] = call("POST", "/registration/complete",
                             {"email": PATIENT_EMAIL, "code": code, "password": PATIENT_PASSWORD})["access_token"]
    tokens["doctor"] = tokens.pop("doctor1")
    for role, token in tokens.items():
        print(f"{role.upper()}={token}")


if __name__ == "__main__":
    main()
