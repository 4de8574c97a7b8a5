#!/usr/bin/env python3
"""The exchange lifecycle through one SQLite instance, one PostgreSQL instance and several
PostgreSQL instances, side by side (issue 22, "Speed").

For each configuration: a fresh store (a temporary data directory, or a new database on a
throwaway PostgreSQL cluster, scripts/pg_cluster.sh), set up through the first instance as
http_bench.py does (administrator, one network, 2 x --pairs members with offers), the other
instances started on the same database, then the member pairs split evenly between the
instances and one wrk per instance running Benchmarks/http/lifecycle.lua at the same time
(--connections in total). Exchanges per second is the sum over the instances of each wrk's
steady-state figure (as http_bench.py computes it). Everything runs on this one machine: the
instances, PostgreSQL and wrk share its cores, so more instances measure contention here, not the
capacity of more machines.

Usage:
  python3 Benchmarks/http/instances_bench.py --peerhours .build/release/peerhours [--instances 3]
      [--duration 10] [--connections 64] [--pairs 64] [--json]
Standard library only; needs wrk and Debian's postgresql. Loopback only; every run is bounded.
"""
import argparse
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "scripts"))
from http_bench import Server, lifecycle_figures, run_wrk, set_up  # noqa: E402
from peerhours_client import API, free_port  # noqa: E402

PG_CLUSTER = os.path.join(HERE, "..", "..", "scripts", "pg_cluster.sh")


def measure(binary, work, database, instances, options, say):
    """Exchanges/s (steady) summed over `instances` servers on one store; and each wrk's figures."""
    servers = []
    # With --database an instance creates no data directory: the members' files need this one.
    os.makedirs(work, exist_ok=True)
    try:
        for index in range(instances):
            data = os.path.join(work, f"instance{index}")
            command = [binary, "serve", "--data", data, "--host", "127.0.0.1", "--port", str(free_port())]
            if database:
                command += ["--database", database]
            port = int(command[command.index("--port") + 1])
            server = Server(binary, data, port, False, None, command=command)
            token = server.wait_ready(timeout=120, first_start=index == 0)
            servers.append(server)
            if index == 0:
                members = set_up(API(server.base), token, 2 * options.pairs, 4)
        files = []
        pairs = [members[2 * k: 2 * k + 2] for k in range(options.pairs)]
        for index in range(instances):
            path = os.path.join(work, f"members{index}.txt")
            with open(path, "w") as f:
                for pair in pairs[index::instances]:
                    for member_id, token, offer in pair:
                        f.write(f"{member_id} {token} {offer}\n")
            files.append(path)
        connections = max(2, options.connections // instances)

        def one(index):
            return run_wrk(servers[index].base, "lifecycle.lua",
                           [files[index], 1, 15, 2, 1, uuid.uuid4().hex[:12]],
                           duration=options.duration + options.warmup, connections=connections, threads=1)

        with concurrent.futures.ThreadPoolExecutor(max_workers=instances) as pool:
            results = list(pool.map(one, range(instances)))
        figures = [lifecycle_figures(result, options.warmup) for result in results]
        errors = {}
        for figure in figures:
            for key, count in figure["errors"].items():
                errors[key] = errors.get(key, 0) + count
        total = sum(f["exchanges_per_s"] for f in figures)
        p99 = max(f["latency_ms"]["p99"] for f in figures)
        return {"instances": instances, "exchanges_per_s": round(total, 1), "p99_ms": round(p99, 1), "errors": errors}
    finally:
        for server in servers:
            server.stop(timeout=60)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--peerhours", required=True)
    parser.add_argument("--instances", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=4)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--pairs", type=int, default=64)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    if not (1 <= options.instances <= 8 and 2 <= options.duration <= 120 and 2 <= options.pairs <= 256):
        parser.error("bounds: 1..8 instances, 2..120 seconds, 2..256 pairs")
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    binary = os.path.abspath(options.peerhours)
    say = (lambda *a: print(*a, file=sys.stderr, flush=True)) if options.json else (lambda *a: print(*a, flush=True))
    work = tempfile.mkdtemp(prefix="peerhours-instances-")
    # Directly under TMPDIR, which the postgres user can enter.
    cluster = tempfile.mkdtemp(prefix="peerhours-instances-pg-")
    rows = []
    try:
        rows.append({"store": "sqlite", **measure(binary, os.path.join(work, "sqlite"), None, 1, options, say)})
        say(f"sqlite      x1  {rows[-1]['exchanges_per_s']:8.1f} exchanges/s  p99 {rows[-1]['p99_ms']} ms")
        url = subprocess.run([PG_CLUSTER, "start", cluster, str(free_port())], check=True, capture_output=True,
                             text=True, timeout=120).stdout.strip()
        port = url.rsplit(":", 1)[1].split("/")[0]
        for count in sorted({1, options.instances}):
            name = f"bench{count}_{int(time.time())}"
            subprocess.run(["psql", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-qc", f"CREATE DATABASE {name}"],
                           check=True, capture_output=True, timeout=60)
            database = url.rsplit("/", 1)[0] + "/" + name
            rows.append({"store": "postgres", **measure(binary, os.path.join(work, f"pg{count}"), database, count, options, say)})
            say(f"postgres    x{count}  {rows[-1]['exchanges_per_s']:8.1f} exchanges/s  p99 {rows[-1]['p99_ms']} ms")
    finally:
        subprocess.run([PG_CLUSTER, "stop", cluster], capture_output=True, timeout=120)
        shutil.rmtree(cluster, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    errors = {f"{r['store']} x{r['instances']}": r["errors"] for r in rows if r["errors"]}
    say("errors: " + (json.dumps(errors) if errors else "none"))
    if options.json:
        print(json.dumps({"command": " ".join(sys.argv), "rows": rows}, sort_keys=True))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
