#!/usr/bin/env python3
"""Checks `peerhours export` with Python's csv module (a standard reader, not ours).

    python3 scripts/check_csv.py PEERHOURS_BINARY DATA_DIR NETWORK_SLUG [FROM TO]

Runs `peerhours export --data DATA_DIR --network SLUG --out TMP [--from FROM --to TO]`, then for
every table: the file is UTF-8, parses as RFC 4180 CSV (CRLF records), has exactly the header
documented in docs/REPORTS.md, rows as wide as the header, `suppressed` true or false, figure
cells empty exactly on suppressed rows' withheld figures and whole numbers otherwise; and it
round-trips: csv.writer writing the parsed rows gives back the same bytes. scripts/e2e.py calls
`check_export` on its live server's data and also compares the files with the API's downloads.
"""
import csv
import io
import os
import subprocess
import sys
import tempfile

HEADERS = {
    "active-members": ["window_days", "members", "suppressed"],
    "hours-by-kind": ["month", "kind", "minutes", "transfers", "suppressed"],
    "givers-receivers": ["month", "role", "members", "suppressed"],
    "balance-distribution": ["bucket", "lower_minutes", "upper_minutes", "members", "suppressed"],
    "dormant-members": ["window_days", "members", "suppressed"],
    "unconfirmed-exchanges": ["exchanges", "minutes", "suppressed"],
    "cross-network-positions": ["partner_network_id", "partner_slug", "posted_minutes", "pending_minutes", "suppressed"],
}
FIGURES = {"members", "minutes", "transfers", "exchanges", "posted_minutes", "pending_minutes"}


def is_integer(text):
    return text.lstrip("-").isdigit()


def check_table(name, raw):
    """Parses one file's bytes; answers its rows (header first). Raises AssertionError."""
    text = raw.decode("utf-8")
    assert text.endswith("\r\n"), f"{name}: the last record ends with CRLF"
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    assert rows, f"{name}: empty file"
    header = rows[0]
    assert header == HEADERS[name], f"{name}: header {header}"
    for number, row in enumerate(rows[1:], start=2):
        assert len(row) == len(header), f"{name} line {number}: {len(row)} fields"
        record = dict(zip(header, row))
        assert record["suppressed"] in ("true", "false"), f"{name} line {number}: suppressed={record['suppressed']}"
        figures = [record[column] for column in header if column in FIGURES]
        if record["suppressed"] == "false":
            assert all(is_integer(cell) for cell in figures), f"{name} line {number}: {row}"
        else:
            assert any(cell == "" for cell in figures), f"{name} line {number}: suppressed but all shown: {row}"
            assert all(cell == "" or is_integer(cell) for cell in figures), f"{name} line {number}: {row}"
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    assert out.getvalue().encode("utf-8") == raw, f"{name}: does not round-trip through csv.writer"
    return rows


def export(binary, data, slug, out, period=None):
    arguments = [binary, "export", "--data", data, "--network", slug, "--out", out]
    if period:
        arguments += ["--from", period[0], "--to", period[1]]
    done = subprocess.run(arguments, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"export failed ({done.returncode}): {done.stderr}"


def check_export(binary, data, slug, period=None):
    """Exports into a temporary folder and checks every file; answers {table: bytes}."""
    with tempfile.TemporaryDirectory() as out:
        export(binary, data, slug, out, period)
        files = sorted(os.listdir(out))
        assert files == sorted(f"{name}.csv" for name in HEADERS), files
        contents = {}
        for name in HEADERS:
            with open(os.path.join(out, f"{name}.csv"), "rb") as handle:
                contents[name] = handle.read()
            check_table(name, contents[name])
    return contents


def main():
    if len(sys.argv) not in (4, 6):
        sys.exit(__doc__)
    binary, data, slug = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3]
    period = (sys.argv[4], sys.argv[5]) if len(sys.argv) == 6 else None
    contents = check_export(binary, data, slug, period)
    rows = sum(raw.count(b"\r\n") - 1 for raw in contents.values())
    print(f"check_csv: {len(contents)} tables, {rows} rows parse with Python's csv module and round-trip")


if __name__ == "__main__":
    main()
