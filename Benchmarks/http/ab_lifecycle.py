#!/usr/bin/env python3
"""Compares two builds on the exchange lifecycle, interleaved, to see differences smaller than
the drift of a shared machine (issue 3's benchmark; see BENCHMARKS.md).

`http_bench.py` runs one binary at a time: other load on the machine moves its figures by ±20 %
between runs minutes apart, more than most single changes. This sets up one data directory
(with binary A, as `http_bench.py` does: 2 x --pairs members with offers), copies it, starts A
and B on the two copies side by side (loopback), and then drives the lifecycle (lifecycle.lua,
64 connections, fresh Idempotency-Keys) against one of them at a time in short slices,
alternating A B, B A, ... so that both see the same drift. Per binary it sums the server's CPU
seconds and its 2xx lifecycle requests over all its slices: CPU milliseconds per request, the
figure to compare builds by, and requests per second; per pair of neighbouring slices it prints
B's CPU per request over A's, and their median. Any non-2xx answer is reported (exit 1).

Usage:
  python3 Benchmarks/http/ab_lifecycle.py --a before/peerhours --b after/peerhours [--slices 8] [--slice-seconds 8]

Standard library only; needs wrk (Debian package `wrk`).
"""
import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid

import http_bench as bench
from peerhours_client import API, free_port


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--a", required=True, help="the reference binary (release build)")
    parser.add_argument("--b", required=True, help="the binary compared with it")
    parser.add_argument("--slices", type=int, default=8, help="slices per binary (default 8)")
    parser.add_argument("--slice-seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--pairs", type=int, default=64)
    parser.add_argument("--minutes", type=int, default=15)
    parser.add_argument("--lead", type=int, default=2)
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    if not 1 <= options.slices <= 100 or not 2 <= options.slice_seconds <= 120:
        sys.exit("--slices must be 1..100 and --slice-seconds 2..120")
    binaries = {"A": os.path.abspath(options.a), "B": os.path.abspath(options.b)}
    root = tempfile.mkdtemp(prefix="peerhours-ab-")
    servers = {}
    try:
        data = {name: os.path.join(root, name) for name in binaries}
        setup = bench.Server(binaries["A"], data["A"], free_port(), False, None)
        token = setup.wait_ready()
        began = time.time()
        members = bench.set_up(API(setup.base), token, 2 * options.pairs, 4)
        if setup.stop() != 0:
            raise RuntimeError("the set-up server did not stop cleanly")
        print(f"setup: {len(members)} members with offers in {time.time() - began:.1f} s", flush=True)
        shutil.copytree(data["A"], data["B"])
        members_file = os.path.join(root, "bench-members.txt")
        with open(members_file, "w") as f:
            for member_id, member_token, offer in members:
                f.write(f"{member_id} {member_token} {offer}\n")
        for name, binary in binaries.items():
            servers[name] = bench.Server(binary, data[name], free_port(), False, None)
        for server in servers.values():
            server.wait_ready(first_start=False)

        totals = {name: {"cpu": 0.0, "requests": 0, "seconds": 0.0} for name in binaries}
        per_slice = {name: [] for name in binaries}
        errors = {}
        for index in range(options.slices):
            for name in ("A", "B") if index % 2 == 0 else ("B", "A"):
                server = servers[name]
                result = bench.run_wrk(
                    server.base, "lifecycle.lua",
                    [members_file, options.threads, options.minutes, options.lead, 1, uuid.uuid4().hex[:12]],
                    duration=options.slice_seconds, connections=options.connections, threads=options.threads,
                    server_pid=server.process.pid)
                ok = sum(v for k, v in result["stats"].items() if k.startswith("ok_at "))
                cpu = result["server_cores"] * result["seconds"]
                for kind, count in bench.errors_of(result).items():
                    errors[f"{name} {kind}"] = errors.get(f"{name} {kind}", 0) + count
                totals[name]["cpu"] += cpu
                totals[name]["requests"] += ok
                totals[name]["seconds"] += result["seconds"]
                per_slice[name].append(cpu / ok * 1000 if ok else float("nan"))
                print(f"slice {index + 1:2d} {name}: {ok / result['seconds']:7.0f} 2xx req/s, server "
                      f"{result['server_cores']:.2f} cores = {per_slice[name][-1]:.3f} ms CPU/request", flush=True)
    finally:
        for server in servers.values():
            server.stop()
        shutil.rmtree(root, ignore_errors=True)

    summary = {}
    for name in binaries:
        t = totals[name]
        summary[name] = (t["cpu"] / t["requests"] * 1000, t["requests"] / t["seconds"])
        print(f"{name} {binaries[name]}: {summary[name][0]:.3f} ms CPU/request, {summary[name][1]:.0f} 2xx req/s "
              f"({summary[name][1] / 4:.0f} exchanges/s equivalent)")
    ratios = [b / a for a, b in zip(per_slice["A"], per_slice["B"])]
    print(f"B/A CPU per request: {summary['B'][0] / summary['A'][0]:.3f} overall; per slice pair median "
          f"{statistics.median(ratios):.3f}, range {min(ratios):.3f}-{max(ratios):.3f}")
    print("errors: " + (", ".join(f"{k}: {v}" for k, v in errors.items()) if errors else "none"))
    if errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
