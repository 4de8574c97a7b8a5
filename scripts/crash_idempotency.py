#!/usr/bin/env python3
"""Crash test of exactly-once: concurrent clients send keyed POSTs, each retried with the same
Idempotency-Key until it is acknowledged (2xx), while `peerhours serve` is killed with SIGKILL
and restarted several times. Afterwards, for every keyed operation that creates something,
the number of things created equals the number of keys used, and every exchange agrees with
the ledger.

A keyed POST's stored response lives in idempotency.sqlite and its effect in another file, so a
kill can fall between the two commits; the retry must then find what the first attempt created
(docs/EXCHANGE.md, "Exactly once") instead of creating it again, and must not be refused by a
rule that held the first time (a start no longer in the future).

Each client owns a pair of members of network A and cycles through: an offer, a request, an
exchange proposed (a day ahead) then accepted and cancelled, another proposed and declined, and
a group session scheduled, joined by an invited participant and cancelled. One coordinator client cycles through a correction (one
minute of a member's welcome grant), an invitation, a matching run and an agreement proposed to
one of the partner networks. Counts are read from the data files afterwards (read-only).

Usage:
  python3 scripts/crash_idempotency.py .build/debug/peerhours [--kills 10] [--clients 8] [--seed N]
Environment: CRASH_IDEMPOTENCY_KILLS overrides --kills' default (CI keeps it small).
Standard library only. Loopback only; every loop is bounded (operations per client, retries per
key, and a deadline for the whole run).
"""
import argparse
import datetime
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "Benchmarks", "http"))
sys.path.insert(0, HERE)
from crash_lifecycle import check_consistency  # noqa: E402
from http_bench import PASSWORD, Server, profile  # noqa: E402
from peerhours_client import API, free_port  # noqa: E402

EVERY_DAY = [{"weekday": d, "startMinute": 0, "endMinute": 1440} for d in range(1, 8)]
RETRIES_PER_KEY_MAX = 2000
PARTNER_NETWORKS = 8


class Gate:
    """Where the server is: clients read its base URL; the killer swaps the process."""

    def __init__(self, base):
        self.base = base


def keyed(gate, path, body, token, key, deadline):
    """POSTs with `key` until a 2xx answer; answers (status, decoded body, attempts). A refused
    connection, a timeout, a 409 in flight or a 5xx is retried; any other answer is final."""
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": key, "Accept": "application/json"}
    if data is not None:
        headers["Content-Type"] = "application/json"
    for attempt in range(1, RETRIES_PER_KEY_MAX + 1):
        if time.time() > deadline:
            raise RuntimeError(f"deadline passed retrying POST {path}")
        request = urllib.request.Request(gate.base + path, data=data, method="POST", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read() or b"null"), attempt
        except urllib.error.HTTPError as error:
            text = error.read().decode(errors="replace")
            in_flight = error.code == 409 and "idempotency-key-in-flight" in text
            if not (in_flight or error.code >= 500):
                return error.code, text, attempt
        except (OSError, urllib.error.URLError):
            pass  # the server is down or restarting
        time.sleep(0.05)
    raise RuntimeError(f"POST {path}: no answer after {RETRIES_PER_KEY_MAX} attempts")


class Tally:
    """Keys acknowledged per kind of creation, and anything that went wrong."""

    def __init__(self):
        self.lock = threading.Lock()
        self.keys = {}
        self.ids = {}
        self.failures = []
        self.retried = 0

    def acknowledged(self, kind, resource_id, attempts):
        with self.lock:
            self.keys[kind] = self.keys.get(kind, 0) + 1
            self.ids.setdefault(kind, set()).add(resource_id)
            self.retried += attempts > 1

    def failed(self, what):
        with self.lock:
            self.failures.append(what)


def expect(tally, kind, answer, field):
    """The created id of a final answer; records a failure for anything but a 2xx."""
    status, body, attempts = answer
    if not 200 <= status < 300:
        tally.failed(f"{kind}: {status} {body}")
        return None
    if kind is not None:
        tally.acknowledged(kind, body[field], attempts)
    return body[field]


def member_cycle(gate, world, pair, tally, deadline):
    """One round of a member pair's keyed operations."""
    requester, supporter = pair
    net = world["network"]
    key = lambda: uuid.uuid4().hex  # noqa: E731
    start = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    offer = {"networkID": net, "title": "Peer support", "kinds": ["peer_support"], "topics": ["burnout"],
             "availability": EVERY_DAY, "timeZone": "Europe/London", "modes": ["video"], "languages": ["en"],
             "capacityHoursPerMonth": 1, "visibility": "network"}
    expect(tally, "offers", keyed(gate, "/offers", offer, supporter["token"], key(), deadline), "offerID")
    request = {"networkID": net, "kind": "peer_support", "mode": "video", "language": "en", "durationMinutes": 60,
               "description": "crash test"}
    expect(tally, "requests", keyed(gate, "/requests", request, requester["token"], key(), deadline), "requestID")
    for ending in ("cancel", "decline"):
        proposal = {"offerID": supporter["offer"], "scheduledStart": start, "durationMinutes": 60}
        exchange = expect(tally, "exchanges", keyed(gate, "/exchanges", proposal, requester["token"], key(), deadline),
                          "exchangeID")
        if exchange is None:
            continue
        if ending == "cancel":
            expect(tally, None, keyed(gate, f"/exchanges/{exchange}/accept", None, supporter["token"], key(), deadline),
                   "exchangeID")
            world["expected"][exchange] = "cancelled"
            expect(tally, None, keyed(gate, f"/exchanges/{exchange}/cancel", None, requester["token"], key(), deadline),
                   "exchangeID")
        else:
            world["expected"][exchange] = "declined"
            expect(tally, None, keyed(gate, f"/exchanges/{exchange}/decline", None, supporter["token"], key(), deadline),
                   "exchangeID")
    session = {"networkID": net, "facilitatorID": requester["id"], "title": "Reflective practice", "scheduledStart": start, "durationMinutes": 60,
               "participantIDs": sorted([supporter["id"], world["bystander"]])}
    session_id = expect(tally, "group_sessions", keyed(gate, "/group-sessions", session, requester["token"], key(), deadline),
                        "groupSessionID")
    if session_id is not None:
        expect(tally, None, keyed(gate, f"/group-sessions/{session_id}/join", None, supporter["token"], key(), deadline),
               "groupSessionID")
        expect(tally, None, keyed(gate, f"/group-sessions/{session_id}/cancel", None, requester["token"], key(), deadline),
               "groupSessionID")


def coordinator_cycle(gate, world, round_number, tally, deadline):
    """One round of the coordinator's keyed operations."""
    lead, net = world["lead"], world["network"]
    key = lambda: uuid.uuid4().hex  # noqa: E731
    grant = world["grants"][round_number % len(world["grants"])]
    correction = {"transferID": grant, "minutes": 1, "reason": f"crash test correction {round_number}"}
    expect(tally, "corrections", keyed(gate, f"/networks/{net}/corrections", correction, lead, key(), deadline),
           "correctionID")
    invitation = {"email": f"crash-{uuid.uuid4().hex[:12]}@example.org"}
    expect(tally, "invitations", keyed(gate, f"/networks/{net}/invitations", invitation, lead, key(), deadline),
           "invitationID")
    expect(tally, "matching_runs", keyed(gate, f"/networks/{net}/matching-runs", None, lead, key(), deadline), "runID")
    if round_number < len(world["partners"]):
        terms = {"partnerNetworkID": world["partners"][round_number], "kinds": ["peer_support"],
                 "proposerMayReceiveHours": 10, "partnerMayReceiveHours": 10,
                 "startsOn": "2026-01-01", "endsOn": "2030-12-31"}
        expect(tally, "agreements", keyed(gate, f"/networks/{net}/agreements", terms, lead, key(), deadline), "agreementID")


def set_up(api, bootstrap_token, clients):
    """Administrator, network A and its partners, a coordinator, member pairs with offers."""
    api.call("POST", "/auth/bootstrap", {"bootstrapToken": bootstrap_token, "email": "admin@example.org",
             "password": PASSWORD, "profile": profile("Admin")}, expect=201)
    admin = api.call("POST", "/auth/login", {"email": "admin@example.org", "password": PASSWORD})["token"]
    policy = {"creditFloorMinutes": -6000, "welcomeGrantMinutes": 120, "autoConfirmDays": 7,
              "groupSessionPayment": "community", "graceMinutes": 1440}

    def network(slug):
        return api.call("POST", "/networks", {"slug": slug, "name": slug, "policy": policy}, token=admin,
                        idempotent=True, expect=201)["networkID"]

    def member(net, name):
        email = f"{name}@example.org"
        invitation = api.call("POST", f"/networks/{net}/invitations", {"email": email}, token=admin,
                              idempotent=True, expect=201)
        member_id = api.call("POST", "/auth/invitations/accept", {"token": invitation["token"], "password": PASSWORD,
                             "profile": profile(name)}, expect=201)["memberID"]
        return {"id": member_id, "token": api.call("POST", "/auth/login", {"email": email, "password": PASSWORD})["token"]}

    world = {"network": network("crash-a"), "expected": {}}
    world["partners"] = [network(f"crash-partner-{i}") for i in range(PARTNER_NETWORKS)]
    lead = member(world["network"], "lead")
    api.call("POST", f"/networks/{world['network']}/coordinators", {"memberID": lead["id"]}, token=admin,
             idempotent=True, expect=201)
    world["lead"] = lead["token"]
    world["bystander"] = member(world["network"], "bystander")["id"]
    world["pairs"] = []
    for i in range(clients):
        pair = (member(world["network"], f"requester{i}"), member(world["network"], f"supporter{i}"))
        pair[1]["offer"] = api.call("POST", "/offers", {
            "networkID": world["network"], "title": "Peer support", "kinds": ["peer_support"], "topics": ["burnout"],
            "availability": EVERY_DAY, "timeZone": "Europe/London", "modes": ["video"], "languages": ["en"],
            "capacityHoursPerMonth": 40, "visibility": "network"}, token=pair[1]["token"], idempotent=True,
            expect=201)["offerID"]
        world["pairs"].append(pair)
    world["grants"] = []
    for requester, _ in world["pairs"]:
        statement = api.call("GET", f"/networks/{world['network']}/members/{requester['id']}/statement", token=lead["token"])
        world["grants"] += [entry["transferID"] for entry in statement["items"] if entry["code"] == "welcome_grant"]
    return world


def count_created(data):
    """What the data files hold, per kind of creation (read-only)."""
    exchange = sqlite3.connect(f"file:{os.path.join(data, 'exchange.sqlite')}?mode=ro", uri=True)
    identity = sqlite3.connect(f"file:{os.path.join(data, 'identity.sqlite')}?mode=ro", uri=True)
    one = lambda db, sql: db.execute(sql).fetchone()[0]  # noqa: E731
    counts = {
        "offers": one(exchange, "SELECT count(*) FROM offers WHERE capacity_hours_per_month = 1"),
        "requests": one(exchange, "SELECT count(*) FROM requests"),
        "exchanges": one(exchange, "SELECT count(*) FROM exchanges"),
        "group_sessions": one(exchange, "SELECT count(*) FROM group_sessions"),
        "corrections": one(exchange, "SELECT count(*) FROM corrections WHERE reason LIKE 'crash test correction %'"),
        "matching_runs": one(exchange, "SELECT count(*) FROM matching_runs"),
        "agreements": one(exchange, "SELECT count(*) FROM agreements"),
        "invitations": one(identity, "SELECT count(*) FROM invitation WHERE email LIKE 'crash-%'"),
    }
    statuses = dict(exchange.execute("SELECT id, status FROM exchanges").fetchall())
    exchange.close()
    identity.close()
    return counts, statuses


def kill_and_restart(options, data, port, log_path, gate, rng, stop, kills_done):
    """SIGKILLs the server `options.kills` times at random instants, restarting it each time."""
    for number in range(1, options.kills + 1):
        time.sleep(rng.uniform(0.8, 2.5))
        gate.server.process.kill()
        gate.server.process.wait(timeout=30)
        gate.server.reader.join(timeout=5)
        gate.server.log.close()
        gate.server = Server(options.peerhours, data, port, False, f"{log_path}.{number}")
        gate.server.wait_ready(first_start=False)
        kills_done.append(number)
    stop.set()


def run_clients(gate, world, tally, options, stop, deadline):
    """Member clients and the coordinator client, until the kills are over (bounded rounds)."""
    def member_client(pair):
        for _ in range(options.rounds_max):
            member_cycle(gate, world, pair, tally, deadline)
            if stop.is_set():
                return

    def coordinator_client():
        for round_number in range(options.rounds_max):
            coordinator_cycle(gate, world, round_number, tally, deadline)
            if stop.is_set():
                return

    threads = [threading.Thread(target=member_client, args=(pair,)) for pair in world["pairs"]]
    threads.append(threading.Thread(target=coordinator_client))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(1, deadline - time.time()))
    if any(thread.is_alive() for thread in threads):
        raise RuntimeError("clients did not finish before the deadline")


def compare(tally, counts, statuses, expected):
    """Problems: creations not equal to keys, exchanges not in the state their last step left."""
    problems = []
    for kind, created in counts.items():
        keys = tally.keys.get(kind, 0)
        distinct = len(tally.ids.get(kind, ()))
        if created != keys or distinct != keys:
            problems.append(f"{kind}: {keys} keys acknowledged, {distinct} distinct ids answered, {created} stored")
    for exchange_id, status in expected.items():
        if statuses.get(exchange_id) != status:
            problems.append(f"exchange {exchange_id}: {statuses.get(exchange_id)}, expected {status}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("peerhours", help="path to the peerhours binary")
    parser.add_argument("--kills", type=int, default=int(os.environ.get("CRASH_IDEMPOTENCY_KILLS", "10")))
    parser.add_argument("--clients", type=int, default=8, help="member pairs sending keyed requests (default 8)")
    parser.add_argument("--rounds-max", type=int, default=200, help="bound on each client's rounds (default 200)")
    parser.add_argument("--deadline", type=int, default=600, help="seconds the whole run may take (default 600)")
    parser.add_argument("--seed", type=int, default=random.randrange(1 << 30))
    options = parser.parse_args()
    if not 1 <= options.kills <= 100 or not 1 <= options.clients <= 32 or not 1 <= options.rounds_max <= 10_000:
        parser.error("bounds: 1..100 kills, 1..32 clients, 1..10000 rounds")
    rng = random.Random(options.seed)
    print(f"crash_idempotency: seed {options.seed}, {options.kills} kills, {options.clients} client pairs + a coordinator")
    directory = tempfile.mkdtemp(prefix="peerhours-crash-idempotency-")
    data, log_path = os.path.join(directory, "d"), os.path.join(directory, "server.log")
    gate = None
    deadline = time.time() + options.deadline
    try:
        port = free_port()
        gate = Gate(f"http://127.0.0.1:{port}")
        gate.server = Server(options.peerhours, data, port, False, log_path + ".0")
        world = set_up(API(gate.base), gate.server.wait_ready(), options.clients)
        tally, stop, kills_done = Tally(), threading.Event(), []
        killer = threading.Thread(target=kill_and_restart,
                                  args=(options, data, port, log_path, gate, rng, stop, kills_done))
        killer.start()
        run_clients(gate, world, tally, options, stop, deadline)
        killer.join(timeout=max(1, deadline - time.time()))
        if killer.is_alive() or len(kills_done) != options.kills:
            raise RuntimeError(f"only {len(kills_done)} of {options.kills} kills happened")
        if gate.server.stop() != 0:
            raise RuntimeError("the server did not exit cleanly on SIGTERM")
        verify = subprocess.run([options.peerhours, "ledger", "verify", "--data", data],
                                capture_output=True, text=True, timeout=300)
        if verify.returncode != 0:
            raise RuntimeError(f"ledger verify failed: {verify.stdout}{verify.stderr}")
        counts, statuses = count_created(data)
        problems = compare(tally, counts, statuses, world["expected"])
        problems += tally.failures
        ledger_problems, _ = check_consistency(data)
        problems += ledger_problems
        print(f"keys acknowledged: {dict(sorted(tally.keys.items()))}; {tally.retried} needed a retry")
        print(f"stored: {dict(sorted(counts.items()))}")
        if problems:
            print("\n".join(problems[:50]))
            print(f"crash_idempotency: FAILED, {len(problems)} problems (seed {options.seed})")
            return 1
        print("crash_idempotency: every key created exactly one thing; every exchange agrees with the ledger")
        return 0
    finally:
        if gate is not None and getattr(gate, "server", None) and gate.server.process.poll() is None:
            gate.server.process.kill()
            gate.server.process.wait(timeout=30)
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
