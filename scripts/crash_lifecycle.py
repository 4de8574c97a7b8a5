#!/usr/bin/env python3
"""Crash test of the exchange lifecycle: `peerhours serve` killed with SIGKILL under load, then
restarted, several times; afterwards every exchange must agree with the ledger.

Acceptance and the settlement of two equal confirmations are sent to the ledger before their
outcome is stored (docs/EXCHANGE.md), so a kill between the two commits leaves an exchange a
step behind the ledger; the start-up pass of the next `peerhours serve` must bring it up. This
script sets up members over the API, then per round drives the lifecycle with wrk
(Benchmarks/http/lifecycle.lua: propose, accept, confirm, confirm), kills the server at a
random instant, and restarts it on the same directory. At the end it stops the server with
SIGTERM, runs `peerhours ledger verify`, and reads both files (read-only) to check, for every
exchange: proposed or declined → no reservation; accepted or disputed → the reservation open;
completed → it posted, for the minutes the exchange says; cancelled → none or voided; no
stored ledger action left over. It prints how many exchanges the start-up passes recovered.

Usage:
  python3 scripts/crash_lifecycle.py .build/debug/peerhours [--rounds 3] [--pairs 4] [--seed N]
Environment: CRASH_LIFECYCLE_ROUNDS overrides --rounds' default (CI keeps it small).
Standard library only; needs wrk (Debian package `wrk`). Loopback only; every step is bounded.
"""
import argparse
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.join(HERE, "..", "Benchmarks", "http")
sys.path.insert(0, BENCH)
from http_bench import Server, set_up  # noqa: E402
from peerhours_client import API, free_port  # noqa: E402


def drive_and_kill(server, members_file, pairs, rng, seconds):
    """wrk on the lifecycle for `seconds`; the server is killed at a random instant inside it."""
    connections = max(2, 2 * pairs)
    command = ["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "5s",
               "-s", os.path.join(BENCH, "lifecycle.lua"), server.base,
               "--", members_file, "1", "15", "1", "1", uuid.uuid4().hex[:12]]
    load = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kill_after = rng.uniform(0.3 * seconds, 0.8 * seconds)
    time.sleep(kill_after)
    server.process.kill()
    server.process.wait(timeout=30)
    load.wait(timeout=seconds + 60)
    return kill_after


def recovered_counts(log_path):
    """(recovered, resumed) summed over the start-up passes logged so far."""
    recovered = resumed = 0
    with open(log_path) as f:
        for line in f:
            if "exchanges recovered from the ledger" in line:
                recovered += int(re.search(r"recovered=(\d+)", line).group(1))
                resumed += int(re.search(r"resumed=(\d+)", line).group(1))
    return recovered, resumed


def check_consistency(data):
    """Problems found comparing every exchange with the ledger (empty when they agree)."""
    db = sqlite3.connect(f"file:{os.path.join(data, 'exchange.sqlite')}?mode=ro", uri=True)
    db.execute("ATTACH DATABASE ? AS ledger", (f"file:{os.path.join(data, 'ledger.sqlite')}?mode=ro",))
    rows = db.execute("""
        SELECT e.id, e.status, e.pending_action, e.settled_minutes,
               t.id IS NOT NULL, r.status, settle.amount_minutes
        FROM exchanges e
        LEFT JOIN ledger.ledger_transfers t ON t.id = e.reserve_transfer_id
        LEFT JOIN ledger.ledger_pending_resolutions r ON r.pending_id = e.reserve_transfer_id
        LEFT JOIN ledger.ledger_transfers settle ON settle.id = r.resolved_by_id
        """).fetchall()
    problems = []
    for exchange_id, status, pending_action, settled, reserved, resolution, posted in rows:
        def problem(what):
            problems.append(f"exchange {exchange_id} ({status}): {what}")
        if pending_action is not None:
            problem(f"a stored ledger action was left: {pending_action}")
        if status in ("proposed", "declined") and reserved:
            problem("the ledger holds a reservation the exchange does not know of")
        elif status in ("accepted", "disputed") and (not reserved or resolution not in (None, "expired")):
            problem(f"reservation {'missing' if not reserved else resolution}")
        elif status == "completed" and (resolution != "posted" or posted != settled):
            problem(f"ledger {resolution}, posted {posted}, exchange settled {settled}")
        elif status == "cancelled" and reserved and resolution != "voided":
            problem(f"cancelled but the reservation is {resolution or 'open'}")
        elif status == "expired" and resolution != "expired":
            problem(f"expired but the ledger says {resolution or 'open'}")
    counts = dict(db.execute("SELECT status, count(*) FROM exchanges GROUP BY status").fetchall())
    db.close()
    return problems, counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("peerhours", help="path to the peerhours binary")
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("CRASH_LIFECYCLE_ROUNDS", "3")))
    parser.add_argument("--pairs", type=int, default=4, help="member pairs driving the lifecycle (default 4)")
    parser.add_argument("--seconds", type=int, default=6, help="seconds of load per round (default 6)")
    parser.add_argument("--seed", type=int, default=random.randrange(1 << 30))
    options = parser.parse_args()
    if not 1 <= options.rounds <= 100 or not 1 <= options.pairs <= 64 or not 2 <= options.seconds <= 120:
        parser.error("bounds: 1..100 rounds, 1..64 pairs, 2..120 seconds")
    if shutil.which("wrk") is None:
        parser.error("needs wrk (apt-get install wrk)")
    rng = random.Random(options.seed)
    print(f"crash_lifecycle: seed {options.seed}, {options.rounds} rounds, {options.pairs} pairs")
    data = tempfile.mkdtemp(prefix="peerhours-crash-")
    log_path = os.path.join(data, "server.log")
    server = None
    try:
        port = free_port()
        server = Server(options.peerhours, os.path.join(data, "d"), port, False, log_path + ".0")
        token = server.wait_ready()
        members = set_up(API(server.base), token, 2 * options.pairs, 4)
        members_file = os.path.join(data, "members.txt")
        with open(members_file, "w") as f:
            for member_id, member_token, offer in members:
                f.write(f"{member_id} {member_token} {offer}\n")
        for round_number in range(1, options.rounds + 1):
            killed_at = drive_and_kill(server, members_file, options.pairs, rng, options.seconds)
            server.reader.join(timeout=5)
            server.log.close()
            server = Server(options.peerhours, os.path.join(data, "d"), port, False, f"{log_path}.{round_number}")
            server.wait_ready(first_start=False)
            print(f"round {round_number}: killed after {killed_at:.1f} s of load, restarted")
        status = server.stop()
        server = None
        if status != 0:
            raise RuntimeError(f"the server exited with {status} on SIGTERM")
        verify = subprocess.run([options.peerhours, "ledger", "verify", "--data", os.path.join(data, "d")],
                                capture_output=True, text=True, timeout=300)
        if verify.returncode != 0:
            raise RuntimeError(f"ledger verify failed: {verify.stdout}{verify.stderr}")
        recovered = resumed = 0
        for round_number in range(1, options.rounds + 1):
            r, s = recovered_counts(f"{log_path}.{round_number}")
            recovered, resumed = recovered + r, resumed + s
        problems, counts = check_consistency(os.path.join(data, "d"))
        print(f"exchanges by status: {counts}; start-up passes recovered {recovered}, resumed {resumed}")
        print("ledger verify: ok")
        if problems:
            print("\n".join(problems[:50]))
            print(f"crash_lifecycle: FAILED, {len(problems)} exchanges disagree with the ledger (seed {options.seed})")
            return 1
        print("crash_lifecycle: every exchange agrees with the ledger")
        return 0
    finally:
        if server is not None and server.process.poll() is None:
            server.process.kill()
            server.process.wait(timeout=30)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
