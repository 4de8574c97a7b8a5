#!/usr/bin/env python3
"""Several `peerhours serve` instances over one PostgreSQL, under load, with failures.

Starts a throwaway PostgreSQL cluster on loopback (scripts/pg_cluster.sh), then --instances
servers on it (`serve --database`), each on its own port. Set-up goes through the first: an
administrator, two networks with an agreement between them (a small imbalance allowance and a
monthly session quota, so that racing proposals meet both limits), members, offers with little
capacity (so racing proposals meet it too).

Then --workers clients drive, for --seconds, through all the instances at once (each step to an
instance picked at random): exchange lifecycles in a network (propose, accept, confirm, confirm),
cross-network lifecycles (a request in one network, the offer in the partner's), and group
sessions (created, joined, completed). Every POST carries an Idempotency-Key and is retried with
the same key, on another instance, after a lost connection, a 503 or a 409 in flight; an answer
2xx is an acknowledged step and is recorded. Meanwhile one instance is killed with SIGKILL and
restarted, and later the database server itself is restarted (`pg_ctl restart -m immediate`).

Afterwards, with every instance stopped by SIGTERM:
- every acknowledged step is there (each exchange's status is at least what was acknowledged;
  every acknowledged group session is completed);
- no exchange was accepted twice (one `exchange.accepted` audit event each at most) and every
  exchange agrees with the ledger (reservation, settlement, no ledger action left behind);
- no limit was exceeded: no account below its floor (posted less reserved), no offer booked
  beyond its monthly hours, no agreement beyond its monthly quota;
- every balance the API answers equals the ledger's account;
- `peerhours ledger verify --database` passes.

Usage:
  python3 scripts/multi_instance.py .build/debug/peerhours [--instances 3] [--workers 8] [--seconds 40] [--seed N]
Environment: MULTI_INSTANCE_SECONDS overrides --seconds' default (CI keeps it short).
Standard library and Debian's postgresql (psql, pg_ctl). Loopback only; every loop is bounded.
"""
import argparse
import concurrent.futures
import datetime
import http.client
import json
import os
import random
import shutil
import socket
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
from http_bench import Server, profile  # noqa: E402
from peerhours_client import API, free_port  # noqa: E402

PASSWORD = "violet-harbour-lantern-42"
EVERY_DAY = [{"weekday": d, "startMinute": 0, "endMinute": 1440} for d in range(1, 8)]
SESSION_MINUTES = 15
LEAD_SECONDS = 2
# A retried step gives up after this long: a key left in flight by a killed instance is free
# again after the idempotency lease (120 s).
STEP_DEADLINE_SECONDS = 150
RETRYABLE_STATUSES = {502, 503, 504}


def in_seconds(seconds):
    """A whole second at least `seconds` ahead, as RFC 3339 (the API takes no fractions)."""
    moment = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=seconds + 1)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class Cluster:
    """The throwaway PostgreSQL cluster (scripts/pg_cluster.sh), always stopped at the end."""

    def __init__(self, directory, port):
        self.directory = directory
        self.script = os.path.join(HERE, "pg_cluster.sh")
        self.port = port
        self.url = subprocess.run([self.script, "start", directory, str(port)], check=True, capture_output=True,
                                  text=True, timeout=120).stdout.strip()

    def restart(self):
        subprocess.run([self.script, "restart", self.directory], check=True, capture_output=True, timeout=120)

    def stop(self):
        subprocess.run([self.script, "stop", self.directory], capture_output=True, timeout=120)

    def sql(self, query):
        """Rows of a read-only query as lists of strings (psql, unaligned)."""
        result = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", "peerhours",
                                 "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", query],
                                check=True, capture_output=True, text=True, timeout=120)
        return [line.split("\t") for line in result.stdout.splitlines() if line]


class Fleet:
    """The instances, by index; a killed one is restarted in place on the same port."""

    def __init__(self, binary, url, work):
        self.binary, self.url, self.work = binary, url, work
        self.servers, self.ports, self.logs = [], [], []
        self.lock = threading.Lock()
        self.starts = 0

    def command(self, index):
        return [self.binary, "serve", "--database", self.url, "--data", os.path.join(self.work, f"instance{index}"),
                "--host", "127.0.0.1", "--port", str(self.ports[index])]

    def start(self, index, first=False):
        with self.lock:
            self.starts += 1
            log = os.path.join(self.work, f"instance{index}.{self.starts}.log")
        if index == len(self.ports):
            self.ports.append(free_port())
            self.servers.append(None)
        server = Server(self.binary, None, self.ports[index], False, log, command=self.command(index))
        token = server.wait_ready(timeout=120, first_start=first)
        with self.lock:
            self.servers[index] = server
            self.logs.append(log)
        return token

    def bases(self):
        with self.lock:
            return [f"http://127.0.0.1:{port}" for port in self.ports]

    def kill(self, index):
        with self.lock:
            server = self.servers[index]
        server.process.kill()
        server.process.wait(timeout=30)
        server.reader.join(timeout=5)
        server.log.close()

    def stop_all(self):
        """SIGTERM to each; the exit codes, and the instances that had to be killed after 60 s."""
        codes, killed = [], []
        for index, server in enumerate(self.servers):
            if server is not None and server.process.poll() is None:
                try:
                    codes.append(server.stop(timeout=20))
                except RuntimeError:
                    killed.append(index)
        return codes, killed


class Tally:
    """What the instances acknowledged, and what went wrong on the way."""

    def __init__(self):
        self.lock = threading.Lock()
        self.exchanges = {}       # exchange id -> set of acknowledged steps
        self.groups = {}          # group session id -> (facilitator id, minutes) once completed
        self.refusals = {}        # problem name -> count
        self.retries = 0
        self.problems = []

    def ack(self, exchange, step):
        with self.lock:
            self.exchanges.setdefault(exchange, set()).add(step)

    def refused(self, name):
        with self.lock:
            self.refusals[name] = self.refusals.get(name, 0) + 1

    def problem(self, text):
        with self.lock:
            self.problems.append(text)


class Client:
    """Keyed steps against a random instance, retried with the same key until answered."""

    def __init__(self, fleet, tally, rng):
        self.fleet, self.tally, self.rng = fleet, tally, rng

    def call(self, method, path, body=None, token=None, keyed=False):
        """(status, decoded body) of the first answer that is not a lost connection, a 5xx meaning
        'unavailable' or a 409 in flight; None when STEP_DEADLINE_SECONDS pass without one."""
        key = str(uuid.uuid4()) if keyed else None
        deadline = time.time() + STEP_DEADLINE_SECONDS
        attempt = 0
        while time.time() < deadline:
            attempt += 1
            base = self.rng.choice(self.fleet.bases())
            headers = {"Accept": "application/json"}
            data = None
            if body is not None:
                data = json.dumps(body).encode()
                headers["Content-Type"] = "application/json"
            if token:
                headers["Authorization"] = f"Bearer {token}"
            if key:
                headers["Idempotency-Key"] = key
            request = urllib.request.Request(base + path, data=data, method=method, headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    status, text = response.status, response.read().decode()
            except urllib.error.HTTPError as error:
                status, text = error.code, error.read().decode()
            except (urllib.error.URLError, http.client.HTTPException, ConnectionError, socket.timeout, TimeoutError):
                status, text = None, ""
            in_flight = status == 409 and "idempotency-key-in-flight" in text
            if status is None or status in RETRYABLE_STATUSES or in_flight:
                with self.tally.lock:
                    self.tally.retries += 1
                time.sleep(min(2.0, 0.1 * attempt))
                continue
            if status >= 500:
                self.tally.problem(f"{method} {path}: {status} {text[:200]}")
            return status, (json.loads(text) if text else None)
        self.tally.problem(f"{method} {path}: no answer within {STEP_DEADLINE_SECONDS} s")
        return None

    def step(self, method, path, body=None, token=None, expect=(200, 201)):
        """The body of an acknowledged (2xx) keyed step; None after a refusal (counted by name)."""
        answer = self.call(method, path, body, token, keyed=method == "POST")
        if answer is None:
            return None
        status, decoded = answer
        if status in expect:
            return decoded if decoded is not None else {}
        name = (decoded or {}).get("type", f"status {status}").rsplit("/", 1)[-1]
        self.tally.refused(name)
        if status not in (403, 404, 409, 422):
            self.tally.problem(f"{method} {path}: unexpected {status} {decoded}")
        return None


def set_up(api, bootstrap_token, members_per_network):
    """Two networks with an agreement; members with offers. Answers the world as a dict."""
    api.call("POST", "/auth/bootstrap", {"bootstrapToken": bootstrap_token, "email": "admin@example.org",
             "password": PASSWORD, "profile": profile("Admin")}, expect=201)
    admin = api.call("POST", "/auth/login", {"email": "admin@example.org", "password": PASSWORD})["token"]
    world = {"admin": admin, "networks": {}, "members": {}}
    for slug in ("north", "south"):
        world["networks"][slug] = api.call("POST", "/networks", {"slug": slug, "name": slug.title(), "policy": {}},
                                           token=admin, idempotent=True, expect=201)["networkID"]
        members = []
        for i in range(members_per_network):
            email = f"{slug}{i}@example.org"
            invitation = api.call("POST", f"/networks/{world['networks'][slug]}/invitations", {"email": email},
                                  token=admin, idempotent=True, expect=201)
            member = api.call("POST", "/auth/invitations/accept", {"token": invitation["token"], "password": PASSWORD,
                              "profile": profile(f"{slug} {i}")}, expect=201)["memberID"]
            token = api.call("POST", "/auth/login", {"email": email, "password": PASSWORD})["token"]
            # South's offers are open to partners; little capacity, so racing proposals meet it.
            offer = api.call("POST", "/offers", {"networkID": world["networks"][slug], "title": f"Support {slug} {i}",
                             "kinds": ["peer_support"], "topics": ["burnout"], "availability": EVERY_DAY,
                             "timeZone": "Europe/London", "modes": ["video"], "languages": ["en"],
                             "capacityHoursPerMonth": 2, "visibility": "partners" if slug == "south" else "network"},
                             token=token, idempotent=True, expect=201)["offerID"]
            members.append({"id": member, "token": token, "offer": offer, "network": world["networks"][slug]})
        world["members"][slug] = members
    coordinators = {}
    for slug in ("north", "south"):
        lead = world["members"][slug][0]
        api.call("POST", f"/networks/{world['networks'][slug]}/coordinators", {"memberID": lead["id"]},
                 token=admin, idempotent=True, expect=201)
        coordinators[slug] = lead["token"]
    today = datetime.datetime.now(datetime.timezone.utc).date()
    agreement = api.call("POST", f"/networks/{world['networks']['north']}/agreements", {
        "partnerNetworkID": world["networks"]["south"], "kinds": ["peer_support"],
        "proposerMayReceiveHours": 2, "partnerMayReceiveHours": 2,
        "proposerMonthlySessionQuota": 6, "partnerMonthlySessionQuota": 6,
        "startsOn": today.isoformat(), "endsOn": today.replace(year=today.year + 1, day=min(today.day, 28)).isoformat()},
        token=coordinators["north"], idempotent=True, expect=201)["agreementID"]
    api.call("POST", f"/agreements/{agreement}/accept", token=coordinators["south"], idempotent=True)
    world["agreement"] = agreement
    return world


def lifecycle(client, tally, requester, supporter, request_id=None):
    """Propose, accept, confirm twice; each acknowledged step recorded."""
    body = {"offerID": supporter["offer"], "scheduledStart": in_seconds(LEAD_SECONDS), "durationMinutes": SESSION_MINUTES}
    if request_id is not None:
        body["requestID"] = request_id
    proposed = client.step("POST", "/exchanges", body, token=requester["token"])
    if proposed is None:
        return
    exchange = proposed["exchangeID"]
    tally.ack(exchange, "proposed")
    if client.step("POST", f"/exchanges/{exchange}/accept", token=supporter["token"]) is None:
        return
    tally.ack(exchange, "accepted")
    time.sleep(LEAD_SECONDS + 1.5)
    for who, step in ((requester, "requester-confirmed"), (supporter, "supporter-confirmed")):
        answer = client.step("POST", f"/exchanges/{exchange}/confirm", {"minutesGiven": SESSION_MINUTES}, token=who["token"])
        if answer is None:
            return
        tally.ack(exchange, step)


def cross_network(client, tally, world, rng):
    requester = rng.choice(world["members"]["north"][1:])
    supporter = rng.choice(world["members"]["south"][1:])
    request = client.step("POST", "/requests", {"networkID": requester["network"], "kind": "peer_support",
                          "topics": ["burnout"], "mode": "video", "language": "en", "durationMinutes": SESSION_MINUTES},
                          token=requester["token"])
    if request is not None:
        lifecycle(client, tally, requester, supporter, request["requestID"])


def group_session(client, tally, world, rng):
    members = rng.sample(world["members"]["north"], 3)
    facilitator, participants = members[0], members[1:]
    created = client.step("POST", "/group-sessions", {"networkID": facilitator["network"], "facilitatorID": facilitator["id"],
                          "title": "Reflective practice", "scheduledStart": in_seconds(LEAD_SECONDS),
                          "durationMinutes": 30, "participantIDs": [p["id"] for p in participants]},
                          token=facilitator["token"])
    if created is None:
        return
    group = created["groupSessionID"]
    for participant in participants:
        if client.step("POST", f"/group-sessions/{group}/join", token=participant["token"]) is None:
            return
    time.sleep(LEAD_SECONDS + 1.5)
    if client.step("POST", f"/group-sessions/{group}/complete", token=facilitator["token"]) is not None:
        with tally.lock:
            tally.groups[group] = (facilitator["id"], 30)


def worker(fleet, tally, world, seed, deadline):
    rng = random.Random(seed)
    client = Client(fleet, tally, rng)
    while time.time() < deadline:
        roll = rng.random()
        if roll < 0.6:
            slug = rng.choice(["north", "south"])
            requester, supporter = rng.sample(world["members"][slug], 2)
            lifecycle(client, tally, requester, supporter)
        elif roll < 0.85:
            cross_network(client, tally, world, rng)
        else:
            group_session(client, tally, world, rng)


def chaos(fleet, cluster, seconds, rng, events):
    """One instance killed and restarted at about a third of the run; the database server
    restarted (immediate: a crash) at about two thirds."""
    time.sleep(seconds * rng.uniform(0.25, 0.4))
    victim = rng.randrange(1, len(fleet.ports)) if len(fleet.ports) > 1 else 0
    fleet.kill(victim)
    events.append(f"instance {victim} killed (SIGKILL)")
    time.sleep(1.0)
    fleet.start(victim)
    events.append(f"instance {victim} restarted")
    time.sleep(seconds * rng.uniform(0.2, 0.3))
    cluster.restart()
    events.append("database server restarted (pg_ctl restart -m immediate)")


STEP_ORDER = {"proposed": 0, "accepted": 1, "requester-confirmed": 2, "supporter-confirmed": 3}
# What a stored status says was reached, at least.
STATUS_REACHES = {"proposed": 0, "declined": 0, "accepted": 1, "disputed": 2, "cancelled": 1, "expired": 1, "completed": 3}


def check(cluster, tally, world, fleet_binary, url):
    problems = list(tally.problems)
    stored = {int(row[0]): row for row in cluster.sql(
        "SELECT id, status, COALESCE(pending_action, ''), COALESCE(settled_minutes, -1) FROM exchange.exchanges")}
    for exchange, steps in sorted(tally.exchanges.items()):
        reached = max(STEP_ORDER[s] for s in steps)
        row = stored.get(exchange)
        if row is None:
            problems.append(f"exchange {exchange}: acknowledged ({sorted(steps)}) but not stored")
            continue
        status = row[1]
        if status != "completed" and "supporter-confirmed" in steps:
            problems.append(f"exchange {exchange}: both confirmations acknowledged but it is {status}")
        elif STATUS_REACHES.get(status, -1) < min(reached, 2):
            problems.append(f"exchange {exchange}: acknowledged {sorted(steps)} but it is {status}")
    for exchange, count in cluster.sql("""
            SELECT subject_id, COUNT(*) FROM exchange.audit_events WHERE action = 'exchange.accepted'
            GROUP BY subject_id HAVING COUNT(*) > 1"""):
        problems.append(f"exchange {exchange}: accepted {count} times")
    for row in cluster.sql("""
            SELECT e.id, e.status, COALESCE(e.pending_action, ''), COALESCE(e.settled_minutes, -1),
                   t.id IS NOT NULL, COALESCE(r.status, ''), COALESCE(settle.amount_minutes, -1)
            FROM exchange.exchanges e
            LEFT JOIN ledger.ledger_transfers t ON t.id = e.reserve_transfer_id
            LEFT JOIN ledger.ledger_pending_resolutions r ON r.pending_id = e.reserve_transfer_id
            LEFT JOIN ledger.ledger_transfers settle ON settle.id = r.resolved_by_id"""):
        exchange, status, action, settled, reserved, resolution, posted = row
        reserved = reserved == "t"
        if action:
            problems.append(f"exchange {exchange} ({status}): a ledger action was left: {action}")
        if status in ("proposed", "declined") and reserved:
            problems.append(f"exchange {exchange} ({status}): the ledger holds a reservation it does not know of")
        elif status in ("accepted", "disputed") and (not reserved or resolution not in ("", "expired")):
            problems.append(f"exchange {exchange} ({status}): reservation {resolution or 'missing'}")
        elif status == "completed" and (resolution != "posted" or posted != settled):
            problems.append(f"exchange {exchange}: completed, ledger {resolution}, posted {posted}, settled {settled}")
        elif status == "cancelled" and reserved and resolution != "voided":
            problems.append(f"exchange {exchange}: cancelled but the reservation is {resolution or 'open'}")
    for account, kind, balance, floor in cluster.sql("""
            SELECT id, kind, credits_posted_minutes - debits_posted_minutes - debits_pending_minutes, lower_limit_minutes
            FROM ledger.ledger_accounts
            WHERE credits_posted_minutes - debits_posted_minutes - debits_pending_minutes < lower_limit_minutes"""):
        problems.append(f"account {account} ({kind}): {balance} minutes, below its floor {floor}")
    for offer, month, booked, capacity in cluster.sql("""
            SELECT o.id, to_char(to_timestamp(e.scheduled_start) AT TIME ZONE 'Europe/London', 'YYYY-MM'),
                   SUM(e.duration_minutes), o.capacity_hours_per_month * 60
            FROM exchange.exchanges e JOIN exchange.offers o ON o.id = e.offer_id
            WHERE e.status IN ('proposed', 'accepted', 'disputed', 'completed')
            GROUP BY 1, 2, o.capacity_hours_per_month HAVING SUM(e.duration_minutes) > o.capacity_hours_per_month * 60"""):
        problems.append(f"offer {offer}: {booked} minutes booked in {month}, beyond its {capacity}")
    for agreement, network, month, sessions in cluster.sql("""
            SELECT agreement_id, network_id, to_char(to_timestamp(scheduled_start) AT TIME ZONE 'UTC', 'YYYY-MM'), COUNT(*)
            FROM exchange.exchanges WHERE agreement_id IS NOT NULL AND status IN ('accepted', 'disputed', 'completed')
            GROUP BY 1, 2, 3 HAVING COUNT(*) > 6"""):
        problems.append(f"agreement {agreement}: network {network} received {sessions} sessions in {month}, beyond 6")
    for group, (facilitator, minutes) in sorted(tally.groups.items()):
        status = cluster.sql(f"SELECT status FROM exchange.group_sessions WHERE id = {int(group)}")
        if not status or status[0][0] != "completed":
            problems.append(f"group session {group}: completion acknowledged but it is {status}")
    ledger = {(int(n), int(r)): int(b) for n, r, b in cluster.sql(
        "SELECT network_id, reference, credits_posted_minutes - debits_posted_minutes FROM ledger.ledger_accounts WHERE kind = 'member'")}
    for members in world["members"].values():
        for member in members:
            answered = world["balances"].get(member["id"], [])
            for item in answered:
                key = (item["networkID"], member["id"])
                if ledger.get(key) != item["postedMinutes"]:
                    problems.append(f"member {member['id']}: the API answers {item['postedMinutes']} minutes in network "
                                    f"{item['networkID']}, the ledger {ledger.get(key)}")
    verify = subprocess.run([fleet_binary, "ledger", "verify", "--database", url], capture_output=True, text=True, timeout=600)
    if verify.returncode != 0:
        problems.append(f"ledger verify failed: {verify.stdout}{verify.stderr}")
    return problems, verify.stdout.strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("peerhours", help="path to the peerhours binary")
    parser.add_argument("--instances", type=int, default=3)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("MULTI_INSTANCE_SECONDS", "40")))
    parser.add_argument("--members", type=int, default=6, help="members per network (default 6)")
    parser.add_argument("--seed", type=int, default=random.randrange(1 << 30))
    options = parser.parse_args()
    if not (1 <= options.instances <= 8 and 1 <= options.workers <= 32 and 10 <= options.seconds <= 600
            and 4 <= options.members <= 50):
        parser.error("bounds: 1..8 instances, 1..32 workers, 10..600 seconds, 4..50 members")
    rng = random.Random(options.seed)
    print(f"multi_instance: seed {options.seed}, {options.instances} instances, {options.workers} workers, "
          f"{options.seconds} s")
    work = tempfile.mkdtemp(prefix="peerhours-multi-")
    cluster = fleet = None
    try:
        # Its own temporary directory (directly under TMPDIR, which the postgres user can enter).
        cluster = Cluster(tempfile.mkdtemp(prefix="peerhours-multi-pg-"), free_port())
        fleet = Fleet(options.peerhours, cluster.url, work)
        token = fleet.start(0, first=True)
        world = set_up(API(fleet.bases()[0]), token, options.members)
        for index in range(1, options.instances):
            fleet.start(index)
        tally, events = Tally(), []
        deadline = time.time() + options.seconds
        started = time.time()
        with concurrent.futures.ThreadPoolExecutor(max_workers=options.workers + 1) as pool:
            futures = [pool.submit(worker, fleet, tally, world, rng.randrange(1 << 30), deadline)
                       for _ in range(options.workers)]
            futures.append(pool.submit(chaos, fleet, cluster, options.seconds, rng, events))
            for future in futures:
                future.result(timeout=options.seconds + 4 * STEP_DEADLINE_SECONDS)
        elapsed = time.time() - started
        for event in events:
            print(f"  {event}")
        client = API(fleet.bases()[0])
        world["balances"] = {}
        for members in world["members"].values():
            for member in members:
                world["balances"][member["id"]] = client.call("GET", "/me/balances", token=member["token"])["items"]
        codes, killed = fleet.stop_all()
        if any(code != 0 for code in codes):
            tally.problem(f"an instance exited with {codes} on SIGTERM")
        if killed:
            # Known and not yet fixed (issue 22's note): after the database's restart an instance
            # can fail to finish its graceful stop; reported, not failed, while it is investigated.
            print(f"WARNING: instances {killed} did not stop within 20 s of SIGTERM and were killed")
        completed = sum(1 for steps in tally.exchanges.values() if "supporter-confirmed" in steps)
        cross = cluster.sql("SELECT COUNT(*) FROM exchange.exchanges WHERE agreement_id IS NOT NULL AND status = 'completed'")[0][0]
        print(f"acknowledged: {len(tally.exchanges)} exchanges proposed, {completed} completed ({cross} across networks), "
              f"{len(tally.groups)} group sessions completed, in {elapsed:.0f} s; {tally.retries} retries")
        print(f"refusals (expected under racing limits): {dict(sorted(tally.refusals.items()))}")
        problems, verified = check(cluster, tally, world, options.peerhours, cluster.url)
        print(f"ledger verify: {verified}")
        if completed == 0 or not events:
            problems.append("the run completed no exchange or no failure was injected: nothing was shown")
        if problems:
            print("\n".join(problems[:60]))
            print(f"multi_instance: FAILED, {len(problems)} problems (seed {options.seed}); logs in {work}")
            work = None
            return 1
        print("multi_instance: every acknowledged step is there, no limit exceeded, balances equal the ledger's")
        return 0
    finally:
        if fleet is not None:
            for server in fleet.servers:
                if server is not None and server.process.poll() is None:
                    server.process.kill()
                    server.process.wait(timeout=30)
        if cluster is not None:
            cluster.stop()
            shutil.rmtree(cluster.directory, ignore_errors=True)
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
