#!/usr/bin/env python3
"""HTTP benchmark of `peerhours serve` with wrk (issue 3, "Benchmark").

Starts `peerhours serve` on a free 127.0.0.1 port over a fresh temporary data directory
(synchronous=FULL unless --less-durable), sets up over the API — bootstrap administrator, one
network (credit floor -60000 minutes, the lowest the domain accepts; pairs alternate direction,
so balances never limit the run), 2 x --pairs members
(invitation, acceptance, login: only failed logins count against the login rate limits), one
offer per member — then runs wrk three times with the same --connections and --threads:

  1. GET /health                       (wrk's static request; the floor)
  2. GET /me/balances                  (each member's own bearer token, round robin; member_get.lua)
  3. GET /, the member's home page     (each member's own session cookie, round robin; member_get.lua)
  4. the exchange lifecycle            (propose, accept, confirm, confirm; lifecycle.lua)

and prints requests/s for each, completed exchanges/s, and the ratios to /health. The lifecycle
proposes without a support request (`requestID` is optional in `proposeExchange`), so no request
creation is measured. A session can only be confirmed once it has started and can only be
proposed to start in the future, so each exchange waits about --lead seconds between accept and
the first confirmation; the connections propose meanwhile. The lifecycle therefore runs for
--warmup + --duration seconds and its steady-state figures count the whole seconds after the
warm-up only (the whole-run figures are printed too). Exchanges/s, judged against the target, is
the smaller of completions per second and 2xx lifecycle requests per second / 4 in that window.
Lifecycle POSTs carry a fresh Idempotency-Key each: api/openapi.yaml declares the header
required on propose, accept and confirm, and the server answers 400 without it (--idempotency off
shows that). Any non-2xx answer, socket error or timeout is counted and reported; a run with
errors says so (and exits 1). The temporary directory honours TMPDIR.

Usage:
  python3 Benchmarks/http/http_bench.py --peerhours .build/release/peerhours \
      [--duration 10] [--connections 64] [--threads 2] [--pairs 64] [--idempotency off|on|both] [--json]

Standard library only; needs wrk (Debian package `wrk`).
"""
import argparse
import concurrent.futures
import json
import math
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "scripts"))
from peerhours_client import API, free_port  # noqa: E402
PASSWORD = "violet-harbour-lantern-42"
HEALTH_RATIO_TARGET = 0.5
HOME_RATIO_TARGET = 0.3
LIFECYCLE_TARGET = 1000.0


class Server:
    """`peerhours serve` as a child process; stdout is drained by a thread so it never blocks."""

    def __init__(self, binary, data, port, less_durable, log_path, command=None):
        """`command`: another program to run instead of `binary serve …` (it must print as serve does)."""
        if command is None:
            command = [binary, "serve", "--data", data, "--host", "127.0.0.1", "--port", str(port)]
            if less_durable:
                command.append("--less-durable-synchronous-normal")
        self.log = open(log_path, "w") if log_path else subprocess.DEVNULL
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=self.log, text=True)
        self.lines = []
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()
        self.base = f"http://127.0.0.1:{port}"

    def _drain(self):
        for line in self.process.stdout:
            with self.lock:
                self.lines.append(line.rstrip("\n"))

    def wait_ready(self, timeout=60, first_start=True):
        """The bootstrap token (printed on a first start) once /health answers; with
        first_start=False (a restart on a set-up directory, which prints none) None."""
        deadline = time.time() + timeout
        token = None
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode} while starting")
            with self.lock:
                lines = list(self.lines)
            for i, line in enumerate(lines):
                if line.startswith("First start") and i + 1 < len(lines):
                    token = lines[i + 1].strip()
            if (token or not first_start) and any(line.startswith("PeerHours listening") for line in lines):
                try:
                    urllib.request.urlopen(self.base + "/health", timeout=2).read()
                    return token
                except OSError:
                    pass
            time.sleep(0.1)
        raise RuntimeError("the server did not start (or printed no bootstrap token) within %d s" % timeout)

    def stop(self, timeout=30):
        """SIGTERM to this process only, then wait; SIGKILL if it does not stop in time."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
                raise RuntimeError(f"the server did not stop within {timeout} s of SIGTERM (killed)")
        self.reader.join(timeout=5)
        if self.log is not subprocess.DEVNULL:
            self.log.close()
        return self.process.returncode


def profile(name):
    return {"displayName": name, "profession": "GP", "organisation": f"Practice {name}",
            "careerStage": "mid", "languages": ["en"]}


def set_up(api, bootstrap_token, members_count, workers):
    """Administrator, network, members (token, offer); answers [(memberID, token, offerID)]."""
    api.call("POST", "/auth/bootstrap", {"bootstrapToken": bootstrap_token, "email": "admin@example.org",
             "password": PASSWORD, "profile": profile("Admin")}, expect=201)
    admin = api.call("POST", "/auth/login", {"email": "admin@example.org", "password": PASSWORD})["token"]
    policy = {"creditFloorMinutes": -60000, "welcomeGrantMinutes": 120, "autoConfirmDays": 7,
              "groupSessionPayment": "community", "graceMinutes": 1440}
    network = api.call("POST", "/networks", {"slug": "bench", "name": "Benchmark network", "policy": policy},
                       token=admin, idempotent=True, expect=201)["networkID"]

    def member(i):
        email = f"member{i}@example.org"
        invitation = api.call("POST", f"/networks/{network}/invitations", {"email": email},
                              token=admin, idempotent=True, expect=201)
        member_id = api.call("POST", "/auth/invitations/accept", {"token": invitation["token"], "password": PASSWORD,
                             "profile": profile(f"Member {i}")}, expect=201)["memberID"]
        # acceptInvitation answers no session: log in (a successful login clears its attempt, so
        # only failures count against the 5-per-account / 20-per-address limits).
        token = api.call("POST", "/auth/login", {"email": email, "password": PASSWORD})["token"]
        offer = api.call("POST", "/offers", {"networkID": network, "title": f"Peer support {i}",
                         "kinds": ["peer_support"], "topics": ["burnout"],
                         "availability": [{"weekday": d, "startMinute": 0, "endMinute": 1440} for d in range(1, 8)],
                         "timeZone": "Europe/London", "modes": ["video"], "languages": ["en"],
                         # The most an offer may give (proposals beyond the month's hours are refused):
                         # 160 sessions of 15 minutes per offer per calendar month.
                         "capacityHoursPerMonth": 40, "visibility": "network"},
                         token=token, idempotent=True, expect=201)["offerID"]
        return member_id, token, offer

    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(member, range(members_count)))


def cpu_seconds(pid):
    """User + system CPU seconds of a process so far (from /proc; None where unavailable)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def run_wrk(url, script, args, duration, connections, threads, server_pid=None, timeout="10s"):
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s", "--timeout", timeout,
               "-s", os.path.join(HERE, script), url]
    if args:
        command += ["--"] + [str(a) for a in args]
    server_cpu = cpu_seconds(server_pid) if server_pid else None
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.time()
    done = subprocess.run(command, capture_output=True, text=True, timeout=duration + 120)
    wall = time.time() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    wrk_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
    result = {"started": started, "stats": {}, "stdout": done.stdout, "wrk_cores": round(wrk_cpu / wall, 2)}
    if server_cpu is not None and cpu_seconds(server_pid) is not None:
        result["server_cores"] = round((cpu_seconds(server_pid) - server_cpu) / wall, 2)
    for line in done.stdout.splitlines():
        if line.startswith("WRK ") or line.startswith("LATENCY "):
            for field in line.split()[1:]:
                key, value = field.split("=")
                result[key] = int(value)
        elif line.startswith("STAT "):
            key, value = line[5:].rsplit("=", 1)
            result["stats"][key] = int(value)
    if "requests" not in result:
        raise RuntimeError(f"wrk printed no summary: {done.stdout.strip()} {done.stderr.strip()}")
    result["seconds"] = result["duration_us"] / 1e6
    result["rps"] = result["requests"] / result["seconds"]
    return result


def errors_of(result):
    """Non-2xx answers (by status and problem type) and socket errors, as {description: count}."""
    errors = {k: v for k, v in result["stats"].items() if k.startswith("error")}
    for kind in ("connect", "read", "write", "timeout"):
        if result.get(kind):
            errors[f"socket {kind}"] = result[kind]
    if result.get("status") and not errors:
        errors["non-2xx (wrk)"] = result["status"]
    return errors


def per_second(stats, prefix):
    return {int(k[len(prefix):]): v for k, v in stats.items() if k.startswith(prefix)}


def lifecycle_figures(result, warmup):
    stats = result["stats"]
    completed = stats.get("completed", 0)
    start, end = result["started"], result["started"] + result["seconds"]
    window = list(range(math.ceil(start + warmup), math.floor(end)))  # whole seconds [s, s+1) after warm-up
    done_by_second = per_second(stats, "completed_at ")
    ok_by_second = per_second(stats, "ok_at ")
    steady_exchanges = sum(done_by_second.get(s, 0) for s in window) / len(window) if window else float("nan")
    steady_requests = sum(ok_by_second.get(s, 0) for s in window) / len(window) if window else float("nan")
    sent = {k[5:]: v for k, v in stats.items() if k.startswith("sent ")}
    return {
        "requests_per_s_whole_run": result["rps"],
        "exchanges_per_s_whole_run": completed / result["seconds"],
        "requests_per_s": steady_requests,
        # Each exchange is exactly 4 requests: 2xx lifecycle requests / 4 does not depend on how
        # many exchanges are half-way at the window's ends; completions per second do (the
        # warm-up leaves a backlog), so the figure judged against the target is the smaller.
        "exchanges_per_s": min(steady_exchanges, steady_requests / 4),
        "completions_per_s": steady_exchanges,
        "requests_per_s_over_4": steady_requests / 4,
        "steady_window_s": len(window),
        "completed": completed,
        "sent": sent,
        "in_flight_at_end": sent.get("propose", 0) - completed - sum(errors_of(result).values()),
        "latency_ms": {"p50": result["p50_us"] / 1000, "p99": result["p99_us"] / 1000},
        "errors": errors_of(result),
        "server_cores": result.get("server_cores"), "wrk_cores": result["wrk_cores"],
    }


def add_cpu_per_request(figures):
    """Server CPU milliseconds per request (its cores over the run's requests per second): less
    sensitive to other load on the machine than requests per second, so the figure to compare
    two builds by. (For the lifecycle the cores are measured over the whole run, warm-up included,
    and the requests over the steady window.)"""
    cores, rps = figures.get("server_cores"), figures.get("requests_per_s")
    figures["server_cpu_ms_per_request"] = round(cores / rps * 1000, 3) if cores and rps else None
    return figures


def cpu_text(figures):
    per_request = figures.get("server_cpu_ms_per_request")
    return f"server {figures['server_cores']} cores" + (f" = {per_request:.2f} ms CPU/request" if per_request else "")


def simple_figures(result):
    return add_cpu_per_request({
        "requests_per_s": result["rps"], "requests": result["requests"],
        "latency_ms": {"p50": result["p50_us"] / 1000, "p99": result["p99_us"] / 1000},
        "errors": errors_of(result), "server_cores": result.get("server_cores"), "wrk_cores": result["wrk_cores"]})


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--peerhours", required=True, help="path to the peerhours binary (release build)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per measured run (default 10)")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--pairs", type=int, default=64, help="member pairs for the lifecycle (default 64)")
    parser.add_argument("--minutes", type=int, default=15, help="session length of each exchange (15..240)")
    parser.add_argument("--lead", type=int, default=2,
                        help="proposed sessions start this many whole seconds ahead (must be in the future)")
    parser.add_argument("--warmup", type=int, default=4, help="lifecycle seconds excluded from the steady state")
    parser.add_argument("--idempotency", choices=["off", "on", "both"], default="on",
                        help="Idempotency-Key on the lifecycle's POSTs: on (default: the API requires it on "
                             "propose, accept and confirm), off (every lifecycle request answers 400), or both")
    parser.add_argument("--setup-workers", type=int, default=4)
    parser.add_argument("--less-durable", action="store_true",
                        help="serve with --less-durable-synchronous-normal (not the target configuration)")
    parser.add_argument("--server-log", help="write the server's log (stderr) here instead of discarding it")
    parser.add_argument("--no-verify", action="store_true", help="skip `peerhours ledger verify` at the end")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    binary = os.path.abspath(options.peerhours)
    say = (lambda *a: print(*a, file=sys.stderr, flush=True)) if options.json else (lambda *a: print(*a, flush=True))

    data = tempfile.mkdtemp(prefix="peerhours-bench-")
    server = None
    report = {"command": " ".join([os.path.basename(sys.executable)] + sys.argv),
              "connections": options.connections, "threads": options.threads, "duration_s": options.duration,
              "pairs": options.pairs, "session_minutes": options.minutes, "lead_s": options.lead,
              "synchronous": "NORMAL" if options.less_durable else "FULL"}
    try:
        port = free_port()
        server = Server(binary, data, port, options.less_durable, options.server_log)
        bootstrap_token = server.wait_ready()
        api = API(server.base)
        began = time.time()
        members = set_up(api, bootstrap_token, 2 * options.pairs, options.setup_workers)
        say(f"setup: {len(members)} members with offers in {time.time() - began:.1f} s")
        members_file = os.path.join(data, "bench-members.txt")
        with open(members_file, "w") as f:
            for member_id, token, offer in members:
                f.write(f"{member_id} {token} {offer}\n")

        common = dict(duration=options.duration, connections=options.connections, threads=options.threads,
                      server_pid=server.process.pid)
        health = simple_figures(run_wrk(server.base, "health.lua", [], **common))
        say(f"GET /health          {health['requests_per_s']:10.0f} req/s   "
            f"(p50 {health['latency_ms']['p50']:.2f} ms; {cpu_text(health)}, wrk {health['wrk_cores']})")
        balance = simple_figures(run_wrk(server.base, "member_get.lua", [members_file, options.threads, "/me/balances", "bearer"], **common))
        balance["ratio_to_health"] = balance["requests_per_s"] / health["requests_per_s"]
        say(f"GET /me/balances     {balance['requests_per_s']:10.0f} req/s   ratio {balance['ratio_to_health']:.3f}   "
            f"(p50 {balance['latency_ms']['p50']:.2f} ms; {cpu_text(balance)}, wrk {balance['wrk_cores']})")
        home = simple_figures(run_wrk(server.base, "member_get.lua", [members_file, options.threads, "/", "cookie"], **common))
        home["ratio_to_health"] = home["requests_per_s"] / health["requests_per_s"]
        say(f"GET / (home page)    {home['requests_per_s']:10.0f} req/s   ratio {home['ratio_to_health']:.3f}   "
            f"(p50 {home['latency_ms']['p50']:.2f} ms; {cpu_text(home)}, wrk {home['wrk_cores']})")
        report["health"], report["balance"], report["home"] = health, balance, home

        variants = {"off": [False], "on": [True], "both": [False, True]}[options.idempotency]
        lifecycles = {}
        for with_keys in variants:
            name = "lifecycle_with_idempotency_keys" if with_keys else "lifecycle"
            result = run_wrk(server.base, "lifecycle.lua",
                             [members_file, options.threads, options.minutes, options.lead, int(with_keys),
                              uuid.uuid4().hex[:12]],
                             duration=options.duration + options.warmup, connections=options.connections,
                             threads=options.threads, server_pid=server.process.pid)
            figures = add_cpu_per_request(lifecycle_figures(result, options.warmup))
            figures["idempotency_keys"] = with_keys
            figures["ratio_to_health"] = figures["requests_per_s"] / health["requests_per_s"]
            lifecycles[name] = figures
            say(f"lifecycle{' (+keys)' if with_keys else ''}  {figures['requests_per_s']:10.0f} req/s   "
                f"ratio {figures['ratio_to_health']:.3f}   {figures['exchanges_per_s']:.0f} exchanges/s "
                f"(steady, {figures['steady_window_s']} s after {options.warmup} s warm-up: completions "
                f"{figures['completions_per_s']:.0f}/s, 2xx requests/4 {figures['requests_per_s_over_4']:.0f}/s; whole run "
                f"{figures['exchanges_per_s_whole_run']:.0f}/s, {figures['completed']} completed, "
                f"{figures['in_flight_at_end']} in flight at the end; p50 {figures['latency_ms']['p50']:.1f} ms, "
                f"p99 {figures['latency_ms']['p99']:.1f} ms; {cpu_text(figures)}, wrk {figures['wrk_cores']})")
        report.update(lifecycles)

        targets = {"balance_ratio_ge_0.5": balance["ratio_to_health"] >= HEALTH_RATIO_TARGET,
                   "home_ratio_ge_0.3": home["ratio_to_health"] >= HOME_RATIO_TARGET}
        for name, figures in lifecycles.items():
            targets[f"{name}_ge_1000_exchanges_per_s"] = figures["exchanges_per_s"] >= LIFECYCLE_TARGET
        report["targets_met"] = targets
        errors = {name: report[name]["errors"] for name in ["health", "balance", "home"] + list(lifecycles) if report[name]["errors"]}
        report["errors"] = errors
    finally:
        if server is not None:
            status = server.stop()
            report["server_exit_status"] = status
        if server is not None and not options.no_verify and "targets_met" in report:
            verify = subprocess.run([binary, "ledger", "verify", "--data", data], capture_output=True, text=True,
                                    timeout=300)
            report["ledger_verify"] = "ok" if verify.returncode == 0 else (verify.stderr or verify.stdout).strip()
        shutil.rmtree(data, ignore_errors=True)

    say("targets: " + ", ".join(f"{k} {'met' if v else 'NOT met'}" for k, v in report["targets_met"].items()))
    say("errors: " + (json.dumps(report["errors"]) if report["errors"] else "none"))
    if "ledger_verify" in report:
        say(f"ledger verify: {report['ledger_verify']}; server exit status {report['server_exit_status']}")
    if options.json:
        print(json.dumps(report, sort_keys=True))
    if report["errors"] or report.get("server_exit_status") != 0 or report.get("ledger_verify", "ok") != "ok":
        sys.exit(1)


if __name__ == "__main__":
    main()
