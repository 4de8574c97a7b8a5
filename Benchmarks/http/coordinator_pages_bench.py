#!/usr/bin/env python3
"""The coordinators' pages against the same data's JSON (issue 19, "Speed").

Generates (or reuses, with --keep DIR) one network of --members members and --transfers ledger
transfers with the reports benchmark's generator (`peerhours-bench reports … --keep DIR`), makes
generated member 1 a coordinator who can sign in (the administrator is bootstrapped over the API;
member 1's credential reuses its password hash, written while the server is stopped), then
serves it with `peerhours-bench serve-generated` (the service's own application; only the
ledger's journal check at open is skipped, since the generator writes no journal) and,
alternating, requests each page and its JSON --requests times one after another (one
connection, the coordinator's own token as bearer or as the session cookie):

  members list  GET /coordinate/networks/1/members?sort=balance&order=desc   (HTML, 25 rows)
                GET /networks/1/roster?sort=balance&order=desc&limit=25     (JSON, the same rows)
  report        GET /coordinate/networks/1/report   (HTML: charts, tables; twelve months)
                GET /networks/1/reports             (JSON: the same report)

and prints the median milliseconds of each and the ratio page / JSON (target: at most 2).
Every answer must be 200. Standard library only.

Usage:
  python3 Benchmarks/http/coordinator_pages_bench.py --bench .build/release/peerhours-bench \\
      [--members 5000] [--transfers 200000] [--requests 15] [--keep DIR]
"""
import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "scripts"))
from http_bench import PASSWORD, Server, profile  # noqa: E402
from peerhours_client import API, free_port  # noqa: E402

LEAD_EMAIL = "lead@bench.example"
RATIO_TARGET = 2.0


def generate(bench, directory, members, transfers):
    if os.path.exists(os.path.join(directory, "exchange.sqlite")):
        print(f"reusing the data in {directory}")
        return
    print(f"generating {members} members and {transfers} transfers into {directory} …", flush=True)
    subprocess.run([bench, "reports", "--members", str(members), "--transfers", str(transfers), "--repeats", "1",
                    "--keep", directory], check=True, stdout=subprocess.DEVNULL)


def generated_server(bench, directory, port):
    return Server(None, directory, port, False, None,
                  command=[bench, "serve-generated", "--data", directory, "--port", str(port)])


def make_coordinator(bench, directory, port):
    """Bootstraps the administrator (first start only), then, stopped, gives member 1 a login."""
    identity = os.path.join(directory, "identity.sqlite")
    if os.path.exists(identity):
        with sqlite3.connect(identity) as db:
            if db.execute("SELECT 1 FROM credential WHERE email = ?", (LEAD_EMAIL,)).fetchone():
                return
    server = generated_server(bench, directory, port)
    try:
        token = server.wait_ready(timeout=120)
        API(server.base).call("POST", "/auth/bootstrap", {"bootstrapToken": token, "email": "admin@bench.example",
                              "password": PASSWORD, "profile": profile("Admin")}, expect=201)
    finally:
        server.stop()
    with sqlite3.connect(identity) as db:
        db.execute("""INSERT INTO credential (member_id, email, password_hash, is_administrator, created_at_ms)
                      SELECT 1, ?, password_hash, 0, created_at_ms FROM credential WHERE is_administrator = 1""",
                   (LEAD_EMAIL,))
    with sqlite3.connect(os.path.join(directory, "exchange.sqlite")) as db:
        db.execute("UPDATE memberships SET role = 'coordinator' WHERE member_id = 1 AND network_id = 1")


def timed_get(url, headers):
    request = urllib.request.Request(url, headers=headers)
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as answer:
        body = answer.read()
        if answer.status != 200:
            raise RuntimeError(f"{url}: {answer.status}")
    return (time.perf_counter() - started) * 1000, len(body)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", required=True)
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--transfers", type=int, default=200000)
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument("--keep")
    options = parser.parse_args()
    directory = options.keep or tempfile.mkdtemp(prefix="peerhours-coordinator-bench-")
    try:
        generate(options.bench, directory, options.members, options.transfers)
        port = free_port()
        make_coordinator(options.bench, directory, port)
        server = generated_server(options.bench, directory, port)
        try:
            server.wait_ready(timeout=120, first_start=False)
            token = API(server.base).call("POST", "/auth/login", {"email": LEAD_EMAIL, "password": PASSWORD})["token"]
            page_headers = {"Cookie": f"peerhours_session={token}", "Accept": "text/html"}
            json_headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
            pairs = [("members list", "/coordinate/networks/1/members?sort=balance&order=desc",
                      "/networks/1/roster?sort=balance&order=desc&limit=25"),
                     ("report", "/coordinate/networks/1/report", "/networks/1/reports")]
            failed = False
            print(f"{'page':<14} {'HTML ms':>9} {'JSON ms':>9} {'HTML/JSON':>10} {'HTML KB':>8} {'JSON KB':>8}")
            for name, page, api in pairs:
                timed_get(server.base + page, page_headers)  # warm caches once each
                timed_get(server.base + api, json_headers)
                html, data = [], []
                for _ in range(options.requests):
                    html.append(timed_get(server.base + page, page_headers))
                    data.append(timed_get(server.base + api, json_headers))
                html_ms = statistics.median(t for t, _ in html)
                json_ms = statistics.median(t for t, _ in data)
                ratio = html_ms / json_ms
                failed |= ratio > RATIO_TARGET
                print(f"{name:<14} {html_ms:>9.1f} {json_ms:>9.1f} {ratio:>10.2f} {html[0][1] / 1024:>8.1f} {data[0][1] / 1024:>8.1f}")
            print(f"target: HTML within {RATIO_TARGET}x of JSON: {'NOT met' if failed else 'met'}")
        finally:
            server.stop()
    finally:
        if not options.keep:
            shutil.rmtree(directory, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
