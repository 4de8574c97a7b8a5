#!/usr/bin/env python3
"""Parses every sample email (`peerhours mail-samples --out DIR`) with Python's `email` package and
checks what every kind must carry: RFC 5322 headers, UTF-8 text and HTML alternatives, the
automatic-message and one-click unsubscribe headers, and — for an agreed or cancelled session — an
iCalendar object that the `icalendar` package parses. Exits non-zero on the first kind that fails.

    python3 scripts/mail_samples_check.py .build/debug/peerhours
"""
import email
import email.policy
import os
import subprocess
import sys
import tempfile

from icalendar import Calendar

# Kinds a member may turn off: they carry List-Unsubscribe (RFC 8058). Keep in step with
# NoticeKind.category in Sources/Outbox/NoticeKind.swift.
OPTIONAL = {
    "exchange.message", "exchange.starting_tomorrow", "exchange.please_confirm", "exchange.auto_confirmed",
    "group_session.joined", "group_session.changed", "group_session.completed",
    "agreement.proposed", "agreement.accepted", "agreement.ended",
    "coordinator.weekly_summary", "member.weekly_digest",
}
CALENDAR = {"exchange.accepted": "REQUEST", "exchange.cancelled": "CANCEL"}
KINDS_MIN = 25


def fail(kind, why):
    sys.exit(f"FAIL {kind}: {why}")


def check_calendar(kind, message):
    parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    if kind not in CALENDAR:
        if parts:
            fail(kind, "a calendar part on a kind that has none")
        return
    if len(parts) != 1:
        fail(kind, f"expected one text/calendar part, found {len(parts)}")
    method = CALENDAR[kind]
    if parts[0].get_param("method") != method:
        fail(kind, f"text/calendar method is {parts[0].get_param('method')}, expected {method}")
    calendar = Calendar.from_ical(parts[0].get_content())
    if str(calendar.get("METHOD")) != method:
        fail(kind, "VCALENDAR METHOD differs from the part's")
    events = list(calendar.walk("VEVENT"))
    if len(events) != 1:
        fail(kind, "expected one VEVENT")
    event = events[0]
    for field in ("UID", "DTSTART", "DTEND", "SEQUENCE", "DTSTAMP", "SUMMARY"):
        if event.get(field) is None:
            fail(kind, f"VEVENT has no {field}")
    if event.decoded("DTSTART").tzinfo is None:
        fail(kind, "DTSTART has no time zone")
    if not str(event.get("UID")).startswith("exchange-42@"):
        fail(kind, f"UID is not the exchange's: {event.get('UID')}")


def check(kind, raw):
    if any(len(line) > 998 for line in raw.split(b"\r\n")):
        fail(kind, "a line over 998 octets")
    if b"\n" in raw.replace(b"\r\n", b""):
        fail(kind, "a bare LF")
    message = email.message_from_bytes(raw, policy=email.policy.default)
    for header in ("Date", "From", "To", "Subject", "Message-ID", "MIME-Version"):
        if message[header] is None:
            fail(kind, f"no {header} header")
    if message["Auto-Submitted"] != "auto-generated":
        fail(kind, "not marked Auto-Submitted: auto-generated")
    if not message["Subject"].strip() or "{" in message["Subject"]:
        fail(kind, f"subject is {message['Subject']!r}")
    optional = kind in OPTIONAL
    if (message["List-Unsubscribe"] is not None) != optional:
        fail(kind, "List-Unsubscribe present on a required kind, or missing on an optional one")
    if optional and message["List-Unsubscribe-Post"] != "List-Unsubscribe=One-Click":
        fail(kind, "List-Unsubscribe-Post is not the RFC 8058 value")
    alternative = next((p for p in message.walk() if p.get_content_type() == "multipart/alternative"), None)
    if alternative is None:
        fail(kind, "no multipart/alternative")
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    if plain is None or html is None:
        fail(kind, "a text or HTML alternative is missing")
    for part in (plain, html):
        if part.get_content_charset() != "utf-8":
            fail(kind, f"{part.get_content_type()} is not UTF-8")
    text = plain.get_content()
    if "https://peerhours.example/" not in text or "not an emergency service" not in text:
        fail(kind, "the text has no link or no not-an-emergency line")
    if "<html" not in html.get_content():
        fail(kind, "the HTML part is not HTML")
    check_calendar(kind, message)


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([binary, "mail-samples", "--out", folder], check=True, timeout=60)
        files = sorted(f for f in os.listdir(folder) if f.endswith(".eml"))
        if len(files) < KINDS_MIN:
            sys.exit(f"FAIL: {len(files)} samples, expected every kind ({KINDS_MIN})")
        kinds = set()
        for name in files:
            with open(os.path.join(folder, name), "rb") as handle:
                raw = handle.read()
            message = email.message_from_bytes(raw, policy=email.policy.default)
            kind = message["Message-ID"].strip("<>").split("@")[0].removeprefix("sample.")
            check(kind, raw)
            kinds.add(kind)
        print(f"mail samples: {len(kinds)} kinds parsed and checked")


if __name__ == "__main__":
    main()
