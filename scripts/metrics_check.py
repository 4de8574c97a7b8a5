#!/usr/bin/env python3
"""Metrics, readiness and JSON logs on a live server (loopback only, bounded, stops by itself).

Starts `peerhours serve --metrics-port M --log-format json` on free 127.0.0.1 ports over a fresh
data directory, then: bootstraps the administrator, sends one login with a wrong password (a
refusal), invites two members, and runs an exchange's whole life (proposed, accepted, confirmed
by both) through scripts/peerhours_client.py. Then it checks:
- /metrics on the metrics port parses with prometheus_client's text parser and holds every
  family the service keeps, with the refusal counted, the accepted exchange counted while open
  and gone once completed, the ledger's commits and the requests by route template;
- no label value holds an email, a name, an organisation or a numeric id (only `status`, an HTTP
  status code, and `le`, a bucket bound, are numbers; a route never has a numeric segment);
- /metrics is not served on the main port; /health/ready answers 200 with every store ready;
- every line the server wrote to stderr is one JSON object with the fixed keys.

METRICS_CHECK_ROUNDS=N (default 1) runs the exchange's life N times.

Usage: scripts/metrics_check.py PATH/TO/peerhours   (needs prometheus-client: .venv-ui)
"""
import datetime
import json
import os
import re
import sys
import tempfile
import time
import urllib.error
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peerhours_client import API, free_port  # noqa: E402
from web_support import start_server, stop  # noqa: E402

PASSWORD = "violet-harbour-lantern-42"
ROUNDS = max(1, min(int(os.environ.get("METRICS_CHECK_ROUNDS", "1")), 50))
FAMILIES = {
    "peerhours_http_requests": "counter",
    "peerhours_http_request_duration_seconds": "histogram",
    "peerhours_ledger_commits": "counter",
    "peerhours_ledger_commit_batch_requests": "histogram",
    "peerhours_ledger_commit_batch_events": "histogram",
    "peerhours_ledger_writer_queue_depth": "gauge",
    "peerhours_login_refusals": "counter",
    "peerhours_outbox_pending": "gauge",
    "peerhours_outbox_failed": "gauge",
    "peerhours_exchanges_open": "gauge",
    "peerhours_database_size_bytes": "gauge",
}
# Personal values the scenario sends: none may be a label value or part of one.
PEOPLE = [("gp", "Gita Patel", "Riverside Surgery"), ("nurse", "Nia Okafor", "City Hospital")]


def in_seconds(seconds):
    moment = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=seconds)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def profile(name, profession, organisation):
    return {"displayName": name, "profession": profession, "organisation": organisation,
            "careerStage": "mid", "languages": ["en"]}


def get(url):
    """(status, body) of a GET, errors included."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def scenario(api, bootstrap_token):
    """Answers the ids the scenario saw (none may be a label value)."""
    api.call("POST", "/auth/bootstrap", {"bootstrapToken": bootstrap_token, "email": "admin@example.org",
             "password": PASSWORD, "profile": profile("Ada Admin", "Network lead", "PeerHours")}, expect=201)
    api.call("POST", "/auth/login", {"email": "admin@example.org", "password": "not-the-password-1"}, expect=401)
    admin = api.call("POST", "/auth/login", {"email": "admin@example.org", "password": PASSWORD})["token"]
    network = api.call("POST", "/networks", {"slug": "metrics-net", "name": "Metrics network", "policy": {}},
                       token=admin, idempotent=True, expect=201)["networkID"]
    ids, sessions = [network], {}
    for who, name, organisation in PEOPLE:
        invitation = api.call("POST", f"/networks/{network}/invitations", {"email": f"{who}@example.org"},
                              token=admin, idempotent=True, expect=201)
        accepted = api.call("POST", "/auth/invitations/accept", {"token": invitation["token"], "password": PASSWORD,
                            "profile": profile(name, "GP", organisation)}, expect=201)
        ids.append(accepted["memberID"])
        sessions[who] = api.call("POST", "/auth/login", {"email": f"{who}@example.org", "password": PASSWORD})["token"]
    offer = api.call("POST", "/offers", {"networkID": network, "title": "Peer support after hard shifts",
                     "kinds": ["peer_support"], "topics": ["burnout"],
                     "availability": [{"weekday": day, "startMinute": 0, "endMinute": 1440} for day in range(1, 8)],
                     "timeZone": "Europe/London", "modes": ["video"], "languages": ["en"],
                     "capacityHoursPerMonth": 40, "visibility": "network"},
                     token=sessions["nurse"], idempotent=True, expect=201)["offerID"]
    ids.append(offer)
    return ids, sessions, offer, network


def exchange_life(api, metrics_url, sessions, offer, network, ids):
    request = api.call("POST", "/requests", {"networkID": network, "kind": "peer_support", "topics": ["burnout"],
                       "mode": "video", "language": "en", "durationMinutes": 30,
                       "description": "Private: what the GP wants to talk about."},
                       token=sessions["gp"], idempotent=True, expect=201)["requestID"]
    exchange = api.call("POST", "/exchanges", {"offerID": offer, "requestID": request,
                        "scheduledStart": in_seconds(2), "durationMinutes": 30},
                        token=sessions["gp"], idempotent=True, expect=201)["exchangeID"]
    ids.extend([request, exchange])
    api.call("POST", f"/exchanges/{exchange}/accept", token=sessions["nurse"], idempotent=True)
    open_now = series(scrape(metrics_url), "peerhours_exchanges_open")
    assert open_now.get((("status", "accepted"),)) == 1, open_now
    time.sleep(3)  # confirmations are only possible once the session has started
    api.call("POST", f"/exchanges/{exchange}/confirm", {"minutesGiven": 30}, token=sessions["gp"], idempotent=True)
    done = api.call("POST", f"/exchanges/{exchange}/confirm", {"minutesGiven": 30}, token=sessions["nurse"],
                    idempotent=True)
    assert done["status"] == "completed", done
    api.call("GET", f"/exchanges/{exchange}", token=sessions["gp"])


def scrape(metrics_url):
    status, text = get(metrics_url)
    assert status == 200, (status, text[:200])
    return {family.name: family for family in text_string_to_metric_families(text)}


def series(families, name):
    """{sorted labels: value} of a family's plain samples (not a histogram's buckets)."""
    return {tuple(sorted(sample.labels.items())): sample.value for sample in families[name].samples
            if sample.name in (name, name + "_total")}


def check_labels(families, ids):
    personal = ["@", "example.org"] + [value for _, name, organisation in PEOPLE for value in (name, organisation)]
    personal += ["Ada Admin"]
    id_texts = {str(value) for value in ids}
    checked = 0
    for family in families.values():
        for sample in family.samples:
            for label, value in sample.labels.items():
                checked += 1
                assert not any(text in value for text in personal), f"{sample.name}{{{label}={value!r}}}: personal data"
                if label == "status" and family.name.startswith("peerhours_http_"):
                    assert re.fullmatch(r"[1-5]\d\d", value), (sample.name, value)
                elif label == "le":
                    float(value)
                else:
                    assert not re.search(r"\d", value), f"{sample.name}{{{label}={value!r}}}: a number in a label"
                    segments = set(value.split("/"))
                    assert not segments & id_texts, f"{sample.name}{{{label}={value!r}}}: an id"
    return checked


def check_families(families):
    for name, kind in FAMILIES.items():
        assert name in families, f"family {name} missing: {sorted(families)}"
        assert families[name].type == kind, (name, families[name].type)
    refusals = series(families, "peerhours_login_refusals")
    assert refusals[(("reason", "invalid_credentials"),)] == 1, refusals
    open_after = series(families, "peerhours_exchanges_open")
    assert all(value == 0 for value in open_after.values()), open_after
    commits = series(families, "peerhours_ledger_commits")[()]
    assert commits >= 4, commits
    requests = series(families, "peerhours_http_requests")
    routes = {dict(labels)["route"] for labels in requests}
    for route in ["/auth/login", "/exchanges", "/exchanges/{exchangeID}/accept", "/exchanges/{exchangeID}/confirm"]:
        assert route in routes, (route, sorted(routes))
    login_refused = sum(value for labels, value in requests.items()
                        if dict(labels)["route"] == "/auth/login" and dict(labels)["status"] == "401")
    assert login_refused == 1, requests
    assert series(families, "peerhours_database_size_bytes")[()] > 0
    return commits, len(routes)


def check_json_log(log_path):
    with open(log_path, encoding="utf-8") as handle:
        lines = [line for line in handle.read().splitlines() if line.strip()]
    assert lines, "the server wrote no log line"
    requests = 0
    for line in lines:
        entry = json.loads(line)
        assert set(entry) == {"label", "level", "message", "metadata", "source", "time"}, entry
        if entry["message"] == "request":
            requests += 1
            assert {"method", "route", "status", "durationMilliseconds"} <= set(entry["metadata"]), entry
            assert not re.search(r"/\d", entry["metadata"]["route"]), entry
    assert requests > 0, "no access log line"
    return len(lines), requests


def main():
    binary = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory(prefix="peerhours-metrics-") as data:
        port, metrics_port = free_port(), free_port()
        while metrics_port == port:
            metrics_port = free_port()
        server, bootstrap_token = start_server(
            binary, data, port, options=["--metrics-port", str(metrics_port), "--log-format", "json"])
        log_path = server.log_path
        metrics_url = f"http://127.0.0.1:{metrics_port}/metrics"
        try:
            api = API(f"http://127.0.0.1:{port}")
            ids, sessions, offer, network = scenario(api, bootstrap_token)
            for _ in range(ROUNDS):
                exchange_life(api, metrics_url, sessions, offer, network, ids)
            families = scrape(metrics_url)
            commits, routes = check_families(families)
            labels = check_labels(families, ids)
            status, body = get(f"http://127.0.0.1:{port}/metrics")
            assert status == 404 and "peerhours_http_requests" not in body, (status, body[:200])
            status, body = get(f"http://127.0.0.1:{port}/health/ready")
            ready = json.loads(body)
            assert status == 200 and ready["ready"], (status, body)
            names = [check["name"] for check in ready["checks"]]
            assert {"ledger", "exchange", "identity", "idempotency", "mail"} <= set(names), names
            status, _ = get(f"http://127.0.0.1:{metrics_port}/health")
            assert status == 404, f"the metrics listener serves only /metrics, not /health: {status}"
        finally:
            code = stop(server)
        assert code == 0, f"serve exited {code}"
        lines, access = check_json_log(log_path)
    print(f"metrics: {len(FAMILIES)} families, {commits:.0f} ledger commits, {routes} route templates, "
          f"{labels} label values without personal data or ids; /metrics only on its own port; "
          f"/health/ready 200 ({', '.join(names)}); {lines} JSON log lines ({access} access)")


if __name__ == "__main__":
    main()
