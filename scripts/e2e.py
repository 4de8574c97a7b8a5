#!/usr/bin/env python3
"""End-to-end scenario on a live server (loopback only, bounded, stops by itself).

Starts `peerhours serve` on a free 127.0.0.1 port over a fresh data directory, then over HTTP:
bootstrap the administrator, create a network, invite three members, accept the invitations,
log in; a nurse offers peer support, a GP requests it, proposes a session, the nurse accepts
(the GP's balance: 60 min available, 660 spendable), the GP writes in the exchange's private
thread and the nurse reads it, both confirm after the start, and both balances moved by exactly the session's minutes; then a
group session paid from the community account; matching; the report and every CSV export over
HTTP, checked with Python's csv module against `peerhours export` (scripts/check_csv.py). Stops the server with SIGTERM, waits for it,
and runs `peerhours ledger verify` on the data directory. Then `serve --demo` on another new
directory: every printed login works, the seeded balances are right, a restart seeds nothing more.
The first server's log (its stderr) must hold none of the addresses, organisations, texts,
passwords and tokens the scenario sent.

Usage: scripts/e2e.py PATH/TO/peerhours
"""
import datetime
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peerhours_client import API, free_port  # noqa: E402
import check_csv  # noqa: E402

PASSWORD = "violet-harbour-lantern-42"


def in_seconds(seconds):
    moment = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=seconds)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def profile(name, profession, organisation):
    return {"displayName": name, "profession": profession, "organisation": organisation,
            "careerStage": "mid", "languages": ["en"]}


def start_server(binary, data, port, extra=()):
    """Starts the server; answers it, the bootstrap token (or None) and the other lines it printed."""
    log = open(os.path.join(data, "serve.log"), "a")
    server = subprocess.Popen([binary, "serve", "--data", data, "--port", str(port), *extra],
                              stdout=subprocess.PIPE, stderr=log, text=True)
    log.close()
    server.log_path = os.path.join(data, "serve.log")
    token = None
    printed = []
    deadline = time.time() + 60
    while time.time() < deadline:
        line = server.stdout.readline()
        if not line:
            break
        line = line.strip()
        printed.append(line)
        if token is None and line.startswith("First start"):
            token = server.stdout.readline().strip()
        if line.startswith("PeerHours listening"):
            break
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2).read()
            return server, token, printed
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise AssertionError("the server did not start")


def stop(server):
    server.send_signal(signal.SIGTERM)
    try:
        return server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        raise AssertionError("the server did not stop within 30 s of SIGTERM")


# Every personal value and secret the scenario sends: none may appear in the server's log.
USED_VALUES = []


def check_logs_hold_no_personal_data(data):
    """The server's log (its stderr) carries ids, never an address, an organisation, a request's
    description, a password or a token the scenario used."""
    with open(os.path.join(data, "serve.log"), encoding="utf-8", errors="replace") as handle:
        log = handle.read()
    assert "request" in log, "the log is empty: nothing was checked"
    leaked = sorted({value for value in USED_VALUES if value in log})
    assert not leaked, f"the server's log holds personal data or secrets: {leaked}"
    print(f"e2e: the server's log ({len(log.splitlines())} lines) holds none of the {len(set(USED_VALUES))} "
          "addresses, names, descriptions, passwords and tokens the scenario used")


def scenario(api, bootstrap_token):
    USED_VALUES.extend([bootstrap_token, PASSWORD, "admin@example.org"])
    api.call("POST", "/auth/bootstrap", {"bootstrapToken": bootstrap_token, "email": "admin@example.org",
             "password": PASSWORD, "profile": profile("Admin", "Network lead", "PeerHours")}, expect=201)
    admin = api.call("POST", "/auth/login", {"email": "admin@example.org", "password": PASSWORD})["token"]
    # As the README: every policy field left out takes its documented default.
    created = api.call("POST", "/networks", {"slug": "gp-north", "name": "GPs North", "policy": {}},
                       token=admin, idempotent=True, expect=201)
    network = created["networkID"]
    assert created["policy"] == {"creditFloorMinutes": -600, "welcomeGrantMinutes": 120, "autoConfirmDays": 7,
                                 "groupSessionPayment": "community", "graceMinutes": 1440}, created
    sessions, ids = {}, {}
    for who, job, org in [("gp", "GP", "Riverside Surgery"), ("nurse", "Nurse", "City Hospital"),
                          ("pharmacist", "Pharmacist", "Hill Pharmacy")]:
        invitation = api.call("POST", f"/networks/{network}/invitations", {"email": f"{who}@example.org"},
                              token=admin, idempotent=True, expect=201)
        accepted = api.call("POST", "/auth/invitations/accept", {"token": invitation["token"], "password": PASSWORD,
                            "profile": profile(who.title(), job, org)}, expect=201)
        USED_VALUES.extend([f"{who}@example.org", org, invitation["token"]])
        ids[who] = accepted["memberID"]
        sessions[who] = api.call("POST", "/auth/login", {"email": f"{who}@example.org", "password": PASSWORD})["token"]
        USED_VALUES.append(sessions[who])

    def balance(who):
        for item in api.call("GET", "/me/balances", token=sessions[who])["items"]:
            if item["networkID"] == network:
                return item["postedMinutes"]
        raise AssertionError(f"{who} has no balance in the network")

    before = {who: balance(who) for who in sessions}
    assert before["gp"] == 120 and before["nurse"] == 120, before
    offer = api.call("POST", "/offers", {"networkID": network, "title": "Peer support after hard shifts",
                     "kinds": ["peer_support"], "topics": ["burnout"],
                     "availability": [{"weekday": day, "startMinute": 0, "endMinute": 1440} for day in range(1, 8)],
                     "timeZone": "Europe/London", "modes": ["video"], "languages": ["en"],
                     "capacityHoursPerMonth": 4, "visibility": "network"},
                     token=sessions["nurse"], idempotent=True, expect=201)["offerID"]
    request = api.call("POST", "/requests", {"networkID": network, "kind": "peer_support", "topics": ["burnout"],
                       "mode": "video", "language": "en", "durationMinutes": 60,
                       "description": "Private: what the GP wants to talk about."},
                       token=sessions["gp"], idempotent=True, expect=201)["requestID"]
    exchange = api.call("POST", "/exchanges", {"offerID": offer, "requestID": request,
                        "scheduledStart": in_seconds(3), "durationMinutes": 60},
                        token=sessions["gp"], idempotent=True, expect=201)["exchangeID"]
    api.call("POST", f"/exchanges/{exchange}/accept", token=sessions["nurse"], idempotent=True)
    gp_balance = next(item for item in api.call("GET", "/me/balances", token=sessions["gp"])["items"]
                      if item["networkID"] == network)
    # Available is what the GP has that is not reserved; spendable counts the floor (−10 h) too.
    assert (gp_balance["availableMinutes"], gp_balance["spendableMinutes"]) == (60, 660), gp_balance
    note = api.call("POST", f"/exchanges/{exchange}/messages", {"body": "The video link is in the invitation."},
                    token=sessions["gp"], idempotent=True, expect=201)
    thread = api.call("GET", f"/exchanges/{exchange}/messages", token=sessions["nurse"])
    assert [m["body"] for m in thread["items"]] == ["The video link is in the invitation."], thread
    api.call("POST", f"/exchanges/{exchange}/messages/read", {"messageID": note["messageID"]}, token=sessions["nurse"])
    time.sleep(4)  # confirmations are only possible once the session has started
    api.call("POST", f"/exchanges/{exchange}/confirm", {"minutesGiven": 60}, token=sessions["gp"], idempotent=True)
    done = api.call("POST", f"/exchanges/{exchange}/confirm", {"minutesGiven": 60}, token=sessions["nurse"], idempotent=True)
    assert done["status"] == "completed", done
    assert balance("gp") == before["gp"] - 60 and balance("nurse") == before["nurse"] + 60
    print(f"exchange {exchange}: GP {before['gp']} -> {balance('gp')} min, nurse {before['nurse']} -> {balance('nurse')} min")

    group = api.call("POST", "/group-sessions", {"networkID": network, "facilitatorID": ids["nurse"],
                     "title": "Reflective practice circle", "scheduledStart": in_seconds(3), "durationMinutes": 90,
                     "participantIDs": [ids["gp"], ids["pharmacist"]]},
                     token=sessions["nurse"], idempotent=True, expect=201)["groupSessionID"]
    for who in ["gp", "pharmacist"]:  # invited participants take part only once they join
        joined = api.call("POST", f"/group-sessions/{group}/join", token=sessions[who], idempotent=True)
        assert ids[who] in joined["joinedParticipantIDs"], joined
    time.sleep(4)
    nurse_before = balance("nurse")
    api.call("POST", f"/group-sessions/{group}/complete", token=sessions["nurse"], idempotent=True)
    assert balance("nurse") == nurse_before + 90
    print(f"group session {group}: facilitator {nurse_before} -> {balance('nurse')} min (from the community account)")
    matching(api, network, sessions, ids, admin, offer)
    urgent(api, network, sessions, ids, admin)
    partners(api, network, admin)
    return network, sessions


URGENT_NOTE = "Private urgent note: I cannot face another night shift."
URGENT_CONTACT = "07700 900999 after six"


def urgent(api, network, sessions, ids, admin):
    """Issue 21's urgent route: the pharmacist (made a coordinator by `matching`) names the nurse a wellbeing lead; the GP asks with a
    note and a contact; the nurse sees it in the queue, acknowledges it and closes it with 30
    minutes held, paid from the community account (the GP's balance does not move). The note and
    contact are checked against the log with every other private text."""
    api.call("PUT", f"/networks/{network}/wellbeing-leads/{ids['nurse']}", token=sessions["pharmacist"])
    gp_before = next(item["postedMinutes"] for item in api.call("GET", "/me/balances", token=sessions["gp"])["items"]
                     if item["networkID"] == network)
    raised = api.call("POST", f"/networks/{network}/urgent-requests", {"note": URGENT_NOTE, "contact": URGENT_CONTACT},
                      token=sessions["gp"], idempotent=True, expect=201)
    queue = api.call("GET", f"/networks/{network}/urgent-requests", token=sessions["nurse"])["items"]
    assert [item["urgentRequestID"] for item in queue] == [raised["urgentRequestID"]], queue
    assert queue[0]["note"] == URGENT_NOTE, queue
    path = f"/urgent-requests/{raised['urgentRequestID']}"
    api.call("GET", path, token=sessions["pharmacist"], expect=404)  # a coordinator who is not a lead
    api.call("POST", path + "/acknowledgement", token=sessions["nurse"], idempotent=True)
    closed = api.call("POST", path + "/closure", {"heldMinutes": 30}, token=sessions["nurse"], idempotent=True)
    assert closed["status"] == "closed" and closed["heldMinutes"] == 30, closed
    gp_after = next(item["postedMinutes"] for item in api.call("GET", "/me/balances", token=sessions["gp"])["items"]
                    if item["networkID"] == network)
    assert gp_after == gp_before, (gp_before, gp_after)
    print(f"urgent request {raised['urgentRequestID']}: acknowledged and closed, 30 min paid from the community account")


def join(api, email, network, inviter):
    """Invited to `network`, accepted with a new profile; answers the member id and a session."""
    invitation = api.call("POST", f"/networks/{network}/invitations", {"email": email},
                          token=inviter, idempotent=True, expect=201)
    accepted = api.call("POST", "/auth/invitations/accept", {"token": invitation["token"], "password": PASSWORD,
                        "profile": profile(email.split("@")[0], "Clinician", "Surgery")}, expect=201)
    return accepted["memberID"], api.call("POST", "/auth/login", {"email": email, "password": PASSWORD})["token"]


def partners(api, network, admin):
    """The README's second network: a coordinator appointed in each, an agreement proposed by one
    and accepted by the other, in force from today for a year; both see the pair's position."""
    south = api.call("POST", "/networks", {"slug": "nurses-south", "name": "Nurses South", "policy": {}},
                     token=admin, idempotent=True, expect=201)["networkID"]
    leads = {}
    for name, net in [("lead-a", network), ("lead-b", south)]:
        member, token = join(api, f"{name}@example.org", net, admin)
        appointed = api.call("POST", f"/networks/{net}/coordinators", {"memberID": member},
                             token=admin, idempotent=True, expect=201)
        assert appointed["role"] == "coordinator", appointed
        leads[name] = token
    today = datetime.datetime.now(datetime.timezone.utc).date()
    agreement = api.call("POST", f"/networks/{network}/agreements", {
        "partnerNetworkID": south, "kinds": ["peer_support"], "proposerMayReceiveHours": 20,
        "partnerMayReceiveHours": 20, "startsOn": today.isoformat(),
        "endsOn": today.replace(year=today.year + 1, day=min(today.day, 28)).isoformat()},
        token=leads["lead-a"], idempotent=True, expect=201)["agreementID"]
    accepted = api.call("POST", f"/agreements/{agreement}/accept", token=leads["lead-b"], idempotent=True)
    assert accepted["status"] == "active", accepted
    positions = api.call("GET", f"/networks/{network}/partner-positions", token=leads["lead-a"])["items"]
    assert [p["partnerNetworkID"] for p in positions] == [south], positions
    print(f"agreement {agreement}: networks {network} and {south} active, positions visible to the coordinators")


def reports(api, binary, data, network, sessions):
    """The report over HTTP (the pharmacist coordinates since the matching step; the GP is a
    member: 403), every CSV download parsed by Python's csv module and equal, byte for byte, to
    what `peerhours export` writes for the same period; no private content anywhere."""
    today = datetime.datetime.now(datetime.timezone.utc).date()
    period = (today.replace(day=1).isoformat(), today.isoformat())  # this month so far, as the README
    query = f"?from={period[0]}&to={period[1]}"
    report = api.call("GET", f"/networks/{network}/reports{query}", token=sessions["pharmacist"])
    api.call("GET", f"/networks/{network}/reports", token=sessions["gp"], expect=403)
    assert report["networkSlug"] == "gp-north" and report["from"] == period[0], report
    # Three members took part: every figure about them is withheld.
    assert all(row["members"]["suppressed"] for row in report["activeMembers"]), report["activeMembers"]
    exported = check_csv.check_export(binary, data, "gp-north", period)
    for name, raw in exported.items():
        request = urllib.request.Request(f"{api.base}/networks/{network}/exports/{name}{query}",
                                         headers={"Authorization": f"Bearer {sessions['pharmacist']}"})
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.headers["Content-Type"].startswith("text/csv"), response.headers["Content-Type"]
            downloaded = response.read()
        check_csv.check_table(name, downloaded)
        assert downloaded == raw, f"{name}: the API's download differs from peerhours export"
        assert b"Private" not in downloaded
    assert "Private" not in json.dumps(report)
    trail = api.call("GET", f"/networks/{network}/audit-events?limit=100", token=sessions["pharmacist"])["items"]
    assert sum(item["action"] == "report.exported" for item in trail) == len(exported), trail
    print(f"reports: JSON and {len(exported)} CSV tables; API downloads equal peerhours export; csv module round-trips")


def matching(api, network, sessions, ids, admin, offer):
    """Suggestions for a new request, a coordinator's matching run, the requester accepting."""
    secret = "Private: a second thing the GP wants to talk about."
    request = api.call("POST", "/requests", {"networkID": network, "kind": "peer_support", "topics": ["burnout"],
                       "mode": "video", "language": "en", "durationMinutes": 60, "description": secret},
                       token=sessions["gp"], idempotent=True, expect=201)["requestID"]
    suggested = api.call("GET", f"/requests/{request}/suggestions?explain=true", token=sessions["gp"])
    assert [item["offerID"] for item in suggested["suggestions"]] == [offer], suggested
    assert sum(suggested["suggestions"][0]["parts"].values()) == suggested["suggestions"][0]["score"], suggested
    api.call("GET", f"/requests/{request}/suggestions", token=sessions["nurse"], expect=404)
    api.call("POST", f"/networks/{network}/coordinators", {"memberID": ids["pharmacist"]},
             token=admin, idempotent=True, expect=201)
    run = api.call("POST", f"/networks/{network}/matching-runs", token=sessions["pharmacist"], idempotent=True, expect=201)
    proposal = next(item for item in run["proposals"] if item["requestID"] == request)
    assert secret not in json.dumps(run) and secret not in json.dumps(suggested)
    listed = api.call("GET", f"/requests/{request}/matching-proposals", token=sessions["gp"])["items"]
    assert [item["proposalID"] for item in listed] == [proposal["proposalID"]], listed
    exchange = api.call("POST", f"/matching-proposals/{proposal['proposalID']}/accept",
                        {"scheduledStart": in_seconds(86_400)}, token=sessions["gp"], idempotent=True, expect=201)
    assert exchange["status"] == "proposed" and exchange["requestID"] == request, exchange
    print(f"matching run {run['runID']}: proposal {proposal['proposalID']} -> exchange {exchange['exchangeID']} proposed")


def demo(binary):
    """`serve --demo` on a new directory: the printed logins work with the printed password, the
    seeded completed session moved 60 minutes from Sam to Tom, no bootstrap token is printed, and a
    second start with --demo seeds nothing more."""
    with tempfile.TemporaryDirectory() as data:
        for attempt in (1, 2):
            port = free_port()
            server, token, printed = start_server(binary, data, port, extra=["--demo"])
            try:
                assert token is None, "a demo directory's administrator is seeded: no bootstrap token"
                api = API(f"http://127.0.0.1:{port}")
                if attempt == 1:
                    header = next(line for line in printed if line.startswith("Demo data seeded"))
                    password = header.rsplit(" ", 1)[1]
                    logins = [line.split()[0] for line in printed if "@demo.peerhours.example" in line]
                    assert len(logins) == 8, printed
                    for email in logins:
                        api.call("POST", "/auth/login", {"email": email, "password": password})
                else:
                    assert any(line.startswith("Demo data is already") for line in printed), printed
                sam = api.call("POST", "/auth/login", {"email": "sam@demo.peerhours.example", "password": password})["token"]
                tom = api.call("POST", "/auth/login", {"email": "tom@demo.peerhours.example", "password": password})["token"]
                assert [b["postedMinutes"] for b in api.call("GET", "/me/balances", token=sam)["items"]] == [60]
                assert [b["postedMinutes"] for b in api.call("GET", "/me/balances", token=tom)["items"]] == [180]
                cross_network(api, password)
            finally:
                status = stop(server)
            assert status == 0, f"the demo server exited with {status} after SIGTERM"
    print(f"demo: {len(logins)} logins work; Sam 60 min, Tom 180 min after the seeded session; "
          "the cross-network session reserved through both clearing accounts; a restart seeds nothing more")


def cross_network(api, password):
    """The demo's agreement on a live server: Priya (north) finds Owen's partner-visible offer
    (south), their accepted session reserved 60 minutes through both clearing accounts, and the
    two coordinators' positions mirror each other."""
    def login(name):
        return api.call("POST", "/auth/login", {"email": f"{name}@demo.peerhours.example", "password": password})["token"]
    priya, owen, amara, grace = login("priya"), login("owen"), login("amara"), login("grace")
    priya_network = api.call("GET", "/networks", token=priya)["items"][0]["networkID"]
    # Priya's own network has mentors of its own (the demo's history); from elsewhere, only Owen.
    offers = [o for o in api.call("GET", "/offers?kind=mentoring&limit=100", token=priya)["items"]
              if o["networkID"] != priya_network]
    owen_id = api.call("GET", "/members/me", token=owen)["memberID"]
    assert [o["supporterID"] for o in offers] == [owen_id], offers
    exchange = next(e for e in api.call("GET", "/exchanges", token=owen)["items"] if "supporterNetworkID" in e)
    assert exchange["status"] == "accepted" and exchange["networkID"] != exchange["supporterNetworkID"], exchange
    north = api.call("GET", f"/networks/{exchange['networkID']}/partner-positions", token=amara)["items"]
    south = api.call("GET", f"/networks/{exchange['supporterNetworkID']}/partner-positions", token=grace)["items"]
    assert [p["pendingReceivedMinutes"] for p in north] == [60] and [p["pendingGivenMinutes"] for p in south] == [60]
    assert north[0]["receiveHeadroomMinutes"] == south[0]["giveHeadroomMinutes"] == 20 * 60 - 60
    api.call("GET", f"/networks/{exchange['networkID']}/partner-positions", token=priya, expect=403)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    binary = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as data:
        port = free_port()
        server, token, _ = start_server(binary, data, port)
        try:
            assert token, "the first start printed no bootstrap token"
            api = API(f"http://127.0.0.1:{port}")
            network, sessions = scenario(api, token)
            reports(api, binary, data, network, sessions)
        finally:
            status = stop(server)
        assert status == 0, f"the server exited with {status} after SIGTERM"
        USED_VALUES.extend([URGENT_NOTE, URGENT_CONTACT, "Private: what the GP wants to talk about.", "The video link is in the invitation.",
                            "Peer support after hard shifts", "Reflective practice circle"])
        check_logs_hold_no_personal_data(data)
        verify = subprocess.run([binary, "ledger", "verify", "--data", data], capture_output=True, text=True, timeout=120)
        assert verify.returncode == 0, verify.stderr
        print(verify.stdout.strip())
    demo(binary)
    print("e2e: 3 passed, 0 failed")


if __name__ == "__main__":
    main()
