#!/usr/bin/env python3
"""Backup and restore under load: `peerhours backup` while `serve` accepts writes, then
`peerhours restore` into a fresh directory, and serve's scheduled backups.

1. `serve` on a fresh data directory; an administrator, a network and member pairs are set up
   over the API. Several threads drive the exchange lifecycle (propose, accept, both confirm
   after the start) and record every exchange acknowledged as completed, with the time the
   acknowledgement arrived.
2. Mid-load, `peerhours backup` copies the directory (it does not stop the server). `tar tf`
   must list the archive. The load goes on a little, then stops, and the server stops.
3. `peerhours restore` into a new directory; `peerhours ledger verify` on it; a second `serve`
   on the restored directory. Every exchange acknowledged before the backup began must be there,
   completed, with its settled minutes; in the restored ledger its reservation must be posted for
   those minutes; every member's balance over the API must be the welcome grant plus what the
   restored completed exchanges moved.
4. Refusals: a copy of the backup with one byte flipped, a truncated copy, a non-empty target,
   an existing --out — each refused, with nothing left behind.
5. Scheduled backups: the second serve runs with --backup-dir, a short hidden interval and
   --backup-keep 2; after at least three backups the folder holds exactly the newest two, and
   the newest restores.

Usage:
  python3 scripts/backup_restore.py .build/debug/peerhours [--pairs 4] [--seconds 4]
Environment: BACKUP_RESTORE_SECONDS overrides --seconds (load before and after the backup).
Standard library only. Loopback only; every wait is bounded; only its own processes are stopped.
"""
import argparse
import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "Benchmarks", "http"))
from http_bench import Server, set_up  # noqa: E402
from peerhours_client import API, free_port  # noqa: E402

MINUTES = 15
WELCOME_GRANT_MINUTES = 120
BATCH = 4  # exchanges a thread proposes together, so the wait for their start is shared


class Load:
    """Threads driving the lifecycle; `completed` holds (exchangeID, requester, supporter,
    minutes, acknowledged_at) for every exchange the server answered as completed."""

    def __init__(self, api, members):
        self.api = api
        self.members = members
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.completed = []
        self.errors = []

    def run_pair(self, requester, supporter):
        flip = False
        while not self.stop.is_set():
            flip = not flip
            a, b = (requester, supporter) if flip else (supporter, requester)
            try:
                self.round(a, b)
            except Exception as error:  # recorded and reported; the load goes on
                with self.lock:
                    self.errors.append(str(error)[:300])
                if len(self.errors) > 20:
                    return

    def round(self, requester, supporter):
        (_, requester_token, _), (_, supporter_token, offer) = requester, supporter
        start = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) + datetime.timedelta(seconds=2)
        ids = []
        for _ in range(BATCH):
            exchange = self.api.call("POST", "/exchanges", {"offerID": offer, "scheduledStart": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                     "durationMinutes": MINUTES}, token=requester_token, idempotent=True, expect=201)
            ids.append(exchange["exchangeID"])
        for exchange in ids:
            self.api.call("POST", f"/exchanges/{exchange}/accept", token=supporter_token, idempotent=True)
        wait = (start - datetime.datetime.now(datetime.timezone.utc)).total_seconds() + 0.05
        if wait > 0:
            time.sleep(min(wait, 5))
        for exchange in ids:
            self.api.call("POST", f"/exchanges/{exchange}/confirm", {"minutesGiven": MINUTES}, token=requester_token, idempotent=True)
            done = self.api.call("POST", f"/exchanges/{exchange}/confirm", {"minutesGiven": MINUTES}, token=supporter_token,
                                 idempotent=True)
            acknowledged_at = time.time()
            if done["status"] != "completed":
                raise AssertionError(f"exchange {exchange} is {done['status']} after both confirmations")
            with self.lock:
                self.completed.append((exchange, requester[0], supporter[0], done["settledMinutes"], acknowledged_at))

    def count(self):
        with self.lock:
            return len(self.completed)


def run(command, expect=0, timeout=300):
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if done.returncode != expect:
        raise RuntimeError(f"{' '.join(command[1:3])}: exit {done.returncode}, wanted {expect}:\n{done.stdout}{done.stderr}")
    return done


def wait_until(predicate, seconds, what):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise RuntimeError(f"timed out after {seconds} s waiting for {what}")


def check_restored_ledger(data, recorded):
    """Problems with the recorded exchanges in the restored files (read-only)."""
    db = sqlite3.connect(f"file:{os.path.join(data, 'exchange.sqlite')}?mode=ro", uri=True)
    db.execute("ATTACH DATABASE ? AS ledger", (f"file:{os.path.join(data, 'ledger.sqlite')}?mode=ro",))
    problems = []
    for exchange, _, _, minutes, _ in recorded:
        row = db.execute("""
            SELECT e.status, e.settled_minutes, r.status, settle.amount_minutes FROM exchanges e
            LEFT JOIN ledger.ledger_pending_resolutions r ON r.pending_id = e.reserve_transfer_id
            LEFT JOIN ledger.ledger_transfers settle ON settle.id = r.resolved_by_id
            WHERE e.id = ?""", (exchange,)).fetchone()
        if row != ("completed", minutes, "posted", minutes):
            problems.append(f"exchange {exchange}: restored as {row}, acknowledged completed for {minutes} min")
    moved = {}
    for requester, supporter, settled in db.execute(
            "SELECT requester_id, supporter_id, settled_minutes FROM exchanges WHERE status = 'completed'"):
        moved[requester] = moved.get(requester, 0) - settled
        moved[supporter] = moved.get(supporter, 0) + settled
    db.close()
    return problems, moved


def check_tar_extracts(archive, folder):
    """`tar xf` gives every member with the size and SHA-256 the manifest lists."""
    os.makedirs(folder)
    run(["tar", "xf", archive, "-C", folder])
    with open(os.path.join(folder, "manifest.json")) as f:
        manifest = json.load(f)
    for member in manifest["files"]:
        with open(os.path.join(folder, member["name"]), "rb") as f:
            content = f.read()
        if (len(content), hashlib.sha256(content).hexdigest()) != (member["sizeBytes"], member["sha256"]):
            raise RuntimeError(f"tar xf: {member['name']} differs from the manifest")
    print(f"  tar xf: {len(manifest['files'])} members match the manifest; journal head {manifest['journalHead']['sequence']}")


def check_refusals(binary, archive, scratch):
    """A flipped byte, a cut, a non-empty target, an existing --out: each refused, nothing left."""
    with open(archive, "rb") as f:
        data = bytearray(f.read())
    flipped = os.path.join(scratch, "flipped.tar")
    copy = bytearray(data)
    copy[len(copy) // 2] ^= 0x20
    with open(flipped, "wb") as f:
        f.write(copy)
    cut = os.path.join(scratch, "cut.tar")
    with open(cut, "wb") as f:
        f.write(data[: len(data) * 2 // 3])
    for name, path in (("flipped", flipped), ("truncated", cut)):
        target = os.path.join(scratch, f"restore-{name}")
        done = run([binary, "restore", "--from", path, "--data", target], expect=1)
        if os.path.exists(target) or any(".restoring-" in entry for entry in os.listdir(scratch)):
            raise RuntimeError(f"a refused restore ({name}) left files behind")
        print(f"  {name} backup refused: {done.stderr.strip().splitlines()[-1]}")
    occupied = os.path.join(scratch, "occupied")
    os.makedirs(occupied)
    with open(os.path.join(occupied, "keep.txt"), "w") as f:
        f.write("keep")
    run([binary, "restore", "--from", archive, "--data", occupied], expect=2)
    if os.listdir(occupied) != ["keep.txt"]:
        raise RuntimeError("restore wrote into a non-empty directory")
    print("  non-empty target refused")


def check_schedule(binary, server, folder, log_path, scratch):
    """At least three scheduled backups written; the folder keeps the newest two; the newest restores."""
    def written():
        with open(log_path) as f:
            return sum("backup written" in line for line in f)
    wait_until(lambda: written() >= 3, 60, "three scheduled backups")
    wait_until(lambda: len([n for n in os.listdir(folder) if n.endswith(".tar")]) <= 2, 10, "the oldest backups removed")
    backups = sorted(n for n in os.listdir(folder) if n.startswith("peerhours-backup-") and n.endswith(".tar"))
    if len(backups) != 2:
        raise RuntimeError(f"--backup-keep 2 left {backups}")
    newest = os.path.join(scratch, "newest.tar")
    shutil.copy(os.path.join(folder, backups[-1]), newest)
    run([binary, "restore", "--from", newest, "--data", os.path.join(scratch, "from-schedule")])
    print(f"  scheduled: {written()} written, kept {backups}; the newest restores")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("peerhours", help="path to the peerhours binary")
    parser.add_argument("--pairs", type=int, default=4, help="member pairs, one load thread each (default 4)")
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BACKUP_RESTORE_SECONDS", "4")),
                        help="seconds of load before the backup, and again after it (default 4)")
    options = parser.parse_args()
    if not 1 <= options.pairs <= 32 or not 1 <= options.seconds <= 600:
        parser.error("bounds: 1..32 pairs, 1..600 seconds")
    binary = os.path.abspath(options.peerhours)
    scratch = tempfile.mkdtemp(prefix="peerhours-backup-")
    servers = []
    try:
        data = os.path.join(scratch, "live")
        server = Server(binary, data, free_port(), False, os.path.join(scratch, "live.log"))
        servers.append(server)
        token = server.wait_ready()
        api = API(server.base)
        members = set_up(api, token, 2 * options.pairs, 4)
        load = Load(api, members)
        threads = [threading.Thread(target=load.run_pair, args=(members[2 * k], members[2 * k + 1]), daemon=True)
                   for k in range(options.pairs)]
        for thread in threads:
            thread.start()
        time.sleep(options.seconds)
        wait_until(lambda: load.count() >= 2 * options.pairs, 60, "the first completed exchanges")

        archive = os.path.join(scratch, "backup.tar")
        backup_began = time.time()
        done = run([binary, "backup", "--data", data, "--out", archive])
        backup_took = time.time() - backup_began
        during = load.count()
        time.sleep(options.seconds)
        load.stop.set()
        for thread in threads:
            thread.join(timeout=60)
        if load.errors:
            raise RuntimeError(f"the load saw {len(load.errors)} errors, first: {load.errors[0]}")
        if load.count() <= during:
            raise RuntimeError("no exchange completed after the backup: the server did not keep accepting writes")
        print(f"backup in {backup_took:.2f} s under load; {load.count()} exchanges completed in all")
        print("  " + done.stdout.strip().splitlines()[0])
        listed = run(["tar", "tf", archive]).stdout.split()
        if listed[0] != "manifest.json" or not {"ledger.sqlite", "exchange.sqlite", "identity.sqlite"} <= set(listed):
            raise RuntimeError(f"tar tf lists {listed}")
        print(f"  tar tf: {' '.join(listed)}")
        check_tar_extracts(archive, os.path.join(scratch, "untarred"))
        run([binary, "backup", "--data", data, "--out", archive], expect=2)
        print("  existing --out refused")
        if server.stop() != 0:
            raise RuntimeError("the live server did not stop cleanly")
        servers.remove(server)

        recorded = [entry for entry in load.completed if entry[4] < backup_began]
        if not recorded:
            raise RuntimeError("no exchange was acknowledged before the backup began")
        restored = os.path.join(scratch, "restored")
        print("  " + run([binary, "restore", "--from", archive, "--data", restored]).stdout.strip().splitlines()[-2])
        print("  " + run([binary, "ledger", "verify", "--data", restored]).stdout.strip())

        folder = os.path.join(scratch, "scheduled")
        port = free_port()
        second = Server(binary, restored, port, False, os.path.join(scratch, "restored.log"),
                        command=[binary, "serve", "--data", restored, "--host", "127.0.0.1", "--port", str(port),
                                 "--backup-dir", folder, "--backup-every-seconds", "1", "--backup-keep", "2"])
        servers.append(second)
        second.wait_ready(first_start=False)
        # Read after the start-up pass, which may bring an exchange caught between its ledger
        # commit and its own up to the ledger (as after a crash at the backup's instant).
        problems, moved = check_restored_ledger(restored, recorded)
        if problems:
            raise RuntimeError("\n".join(problems[:20]))
        restored_api = API(second.base)
        for exchange, requester, _, minutes, _ in recorded:
            token_of = {member_id: member_token for member_id, member_token, _ in members}
            seen = restored_api.call("GET", f"/exchanges/{exchange}", token=token_of[requester])
            if (seen["status"], seen.get("settledMinutes")) != ("completed", minutes):
                raise RuntimeError(f"exchange {exchange} on the restored server: {seen['status']}, {seen.get('settledMinutes')}")
        for member_id, member_token, _ in members:
            balances = restored_api.call("GET", "/me/balances", token=member_token)["items"]
            posted = balances[0]["postedMinutes"]
            if posted != WELCOME_GRANT_MINUTES + moved.get(member_id, 0):
                raise RuntimeError(f"member {member_id}: {posted} min posted on the restored server, "
                                   f"expected {WELCOME_GRANT_MINUTES + moved.get(member_id, 0)}")
        print(f"restored server: all {len(recorded)} exchanges acknowledged before the backup are completed "
              f"with their minutes; {len(members)} balances match the restored exchanges")

        check_refusals(binary, archive, scratch)
        check_schedule(binary, second, folder, os.path.join(scratch, "restored.log"), scratch)
        if second.stop() != 0:
            raise RuntimeError("the restored server did not stop cleanly")
        servers.remove(second)
        print("backup_restore: ok")
        return 0
    finally:
        for server in servers:
            if server.process.poll() is None:
                server.process.kill()
                server.process.wait(timeout=30)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
