#!/usr/bin/env python3
"""Checks iCalendar files with Python's icalendar package (a standard reader, not ours).

    /work/venv-mail/bin/python scripts/check_ics.py FILE...

Each file must parse, use CRLF line ends and lines of at most 75 octets, and every VEVENT must
carry a UID, a DTSTART and a SEQUENCE; every TZID an event names must have its VTIMEZONE.
Exits 1 naming the first problem of each bad file, 0 when all are good.
"""
import sys

import icalendar

LINE_OCTETS_MAX = 75


def problems(raw: bytes):
    lines = raw.split(b"\r\n")
    if lines[-1] != b"":
        yield "does not end with CRLF"
    for number, line in enumerate(lines[:-1], start=1):
        if b"\n" in line or b"\r" in line:
            yield f"line {number}: a bare LF or CR"
        if len(line) > LINE_OCTETS_MAX:
            yield f"line {number}: {len(line)} octets (more than {LINE_OCTETS_MAX})"
    calendar = icalendar.Calendar.from_ical(raw)  # raises on a parse failure
    for name in ("VERSION", "PRODID"):
        if calendar.get(name) is None:
            yield f"no {name}"
    zones = {str(zone.get("TZID")) for zone in calendar.walk("VTIMEZONE")}
    events = calendar.walk("VEVENT")
    for index, event in enumerate(events):
        for name in ("UID", "DTSTART", "SEQUENCE", "DTSTAMP"):
            if event.get(name) is None:
                yield f"event {index}: no {name}"
        start = event.get("DTSTART")
        if start is not None:
            start.dt  # decodes the value (raises when malformed)
            tzid = start.params.get("TZID")
            if tzid is not None and tzid not in zones:
                yield f"event {index}: TZID {tzid} has no VTIMEZONE"


def main(paths):
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    failed = False
    for path in paths:
        with open(path, "rb") as file:
            raw = file.read()
        try:
            found = list(problems(raw))
        except Exception as error:  # any parse failure is a failure of this file
            found = [f"does not parse: {type(error).__name__}: {error}"]
        if found:
            failed = True
            print(f"{path}: {found[0]}" + (f" (and {len(found) - 1} more)" if len(found) > 1 else ""))
        else:
            print(f"{path}: ok ({raw.count(b'BEGIN:VEVENT')} events)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
