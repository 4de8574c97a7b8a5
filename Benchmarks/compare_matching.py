#!/usr/bin/env python3
"""Compare the Swift exact matcher with reference solvers on the same instances, in one run.

Instances are given as R:O:CAP:K[:ZIPF:MAXS]. Those of four fields come from the reference
generator (make_sparse in ../shared/bench/matching_reference.py, imported, not copied; scores
1..1000, uniform candidates), seeded like that script (`--seed`, one numpy Generator consumed
case after case), so the files written here are the ones its `--dump-dir` writes for the same
`--sparse` list. Those of six fields come from `make_skewed` below: K distinct candidates per
request drawn without replacement with weight 1 / (rank + 1)^ZIPF over the offers (ZIPF 0 is
uniform; popular supporters on most lists otherwise), scores uniform in 1..MAXS, from a
Generator seeded with (--seed, the instance's position), so adding one does not change the rest.

For each instance this script
  * writes it in the issue-4 text format (`R O CAP MAXS E`, then `r o score` lines),
  * runs the Swift solver (`peerhours-bench matching --instance FILE --json`, release build given by
    --solver) and reads its solve seconds (parsing excluded),
  * runs OR-Tools SimpleMinCostFlow and scipy's sparse LAPJV
    (min_weight_full_bipartite_matching) on the same arrays, timing the solve call only
    (scipy only up to --scipy-edges-max edges: it takes minutes beyond),
  * prints score ratios (Swift / reference, 1.0 = same optimum) and time ratios
    (Swift / reference, < 1 = Swift faster), wall time and also the solving thread's CPU time
    (both solvers are single-threaded; on a loaded machine CPU time shows the work done). Each solver is run --repeats times; the
    fastest run counts, for every solver alike.

The first run creates a virtual environment (python3 -m venv) and installs numpy, scipy and
ortools from PyPI into it, then re-executes itself there.

Usage:
  python3 Benchmarks/compare_matching.py --solver .build/release/peerhours-bench \
      [--sparse 2000:500:4:20,10000:2500:4:20:1.0:1000000,...] [--seed 1] [--repeats 3] [--markdown]
"""
import argparse
import importlib.util
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE = os.path.dirname(HERE)
DEFAULT_REFERENCE = os.path.normpath(os.path.join(PACKAGE, "..", "shared", "bench", "matching_reference.py"))
DEFAULT_VENV = os.path.join(PACKAGE, ".venv")
REQUIREMENTS = ["numpy", "scipy", "ortools"]
DEFAULT_SPARSE = ",".join([
    # the reference script's shapes (uniform candidates, scores 1..1000)
    "2000:500:4:20", "10000:2500:4:20", "50000:12500:4:20",
    # uniform and Zipf-skewed candidates with scores up to 10^6, 10k and 50k requests
    "10000:2500:4:20:0:1000000", "10000:2500:4:20:1.0:1000000",
    "50000:12500:4:20:0:1000000", "50000:12500:4:20:1.0:1000000",
    # the shapes of issue 23's report (skew 0.8-1.1, scores up to 1,000 and 100,000)
    "20000:4000:5:15:1.1:1000", "40000:10000:4:25:0.8:1000", "40000:10000:4:20:0.9:100000",
])


def ensure_virtualenv(venv):
    """Re-executes this script inside `venv`, creating it and installing the requirements first."""
    if os.path.realpath(sys.prefix) == os.path.realpath(venv):
        return
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(python):
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    probe = subprocess.run([python, "-c", "import numpy, scipy, ortools"], capture_output=True)
    if probe.returncode != 0:
        subprocess.run([python, "-m", "pip", "install", "--quiet"] + REQUIREMENTS, check=True)
    os.execv(python, [python, os.path.abspath(__file__)] + sys.argv[1:])


def load_reference(path):
    spec = importlib.util.spec_from_file_location("matching_reference", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_instance(path, R, O, CAP, maxs, req, off, score):
    import numpy as np
    with open(path, "w") as handle:
        handle.write(f"{R} {O} {CAP} {maxs} {len(req)}\n")
        np.savetxt(handle, np.stack([req, off, score], 1), fmt="%d")


def make_skewed(R, O, K, exponent, maxs, rng, chunk=2000):
    """K distinct offers per request, drawn without replacement with weight 1/(rank+1)^exponent
    (Gumbel top-K: the K largest log-weight + Gumbel keys), ranks a random permutation of the
    offers; scores uniform in 1..maxs. Returns (req, off, score) like make_sparse."""
    import numpy as np
    rank = rng.permutation(O)
    log_weight = -exponent * np.log(rank + 1.0)
    offers = []
    for first in range(0, R, chunk):
        rows = min(chunk, R - first)
        keys = log_weight[None, :] + rng.gumbel(size=(rows, O))
        offers.append(np.argpartition(-keys, K, axis=1)[:, :K])
    req = np.repeat(np.arange(R), K)
    off = np.concatenate(offers).ravel()
    score = rng.integers(1, maxs + 1, size=R * K)
    return req, off, score


def run_swift(solver, path):
    output = subprocess.run([solver, "matching", "--instance", path, "--json"], check=True,
                            capture_output=True, text=True).stdout
    lines = [line for line in output.splitlines() if line.strip()]
    if len(lines) != 1:
        raise RuntimeError(f"expected exactly one JSON line from {solver}, got {output!r}")
    result = json.loads(lines[0])
    return int(result["score"]), int(result["matched"]), float(result["seconds"]), float(result["cpuSeconds"])


def run_ortools_min_cost_flow(R, O, CAP, req, off, score):
    """Source -> request (1) -> offer (edge, cost -score) -> sink (CAP); request -> sink bypass."""
    import numpy as np
    from ortools.graph.python import min_cost_flow
    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = R + O, R + O + 1
    requests = np.arange(R, dtype=np.int32)
    offers = np.arange(O, dtype=np.int32)
    tails = np.concatenate([np.full(R, source), req, requests, R + offers]).astype(np.int32)
    heads = np.concatenate([requests, R + off, np.full(R, sink), np.full(O, sink)]).astype(np.int32)
    capacities = np.concatenate([np.ones(R), np.ones(len(req)), np.ones(R), np.full(O, CAP)]).astype(np.int64)
    costs = np.concatenate([np.zeros(R), -score, np.zeros(R), np.zeros(O)]).astype(np.int64)
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    flow.set_node_supply(source, R)
    flow.set_node_supply(sink, -R)
    start, cpu_start = time.perf_counter(), time.thread_time()
    status = flow.solve()
    seconds, cpu_seconds = time.perf_counter() - start, time.thread_time() - cpu_start
    if status != flow.OPTIMAL:
        raise RuntimeError(f"OR-Tools status {status}")
    matched = sum(1 for arc in range(R, R + len(req)) if flow.flow(arc) > 0)
    return -flow.optimal_cost(), matched, seconds, cpu_seconds


def run_scipy_lapjvsp(R, O, CAP, maxs, req, off, score):
    """Rows = requests; columns = CAP slots per offer plus one private 'unmatched' column per
    request; cost maxs + 1 - score (> 0, since explicit zeros are not edges), unmatched maxs + 1."""
    import numpy as np
    import scipy.sparse
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching
    slots = O * CAP
    rows = np.concatenate([np.repeat(req, CAP), np.arange(R)])
    columns = np.concatenate([(np.repeat(off, CAP) * CAP + np.tile(np.arange(CAP), len(off))),
                              slots + np.arange(R)])
    values = np.concatenate([maxs + 1 - np.repeat(score, CAP), np.full(R, maxs + 1)]).astype(np.float64)
    matrix = scipy.sparse.csr_array((values, (rows, columns)), shape=(R, slots + R))
    start, cpu_start = time.perf_counter(), time.thread_time()
    row_index, column_index = min_weight_full_bipartite_matching(matrix)
    seconds, cpu_seconds = time.perf_counter() - start, time.thread_time() - cpu_start
    total = int(round(R * (maxs + 1) - matrix[row_index, column_index].sum()))
    matched = int((column_index < slots).sum())
    return total, matched, seconds, cpu_seconds


def best_of(repeats, run):
    results = [run() for _ in range(repeats)]
    scores = {r[0] for r in results}
    if len(scores) != 1:
        raise RuntimeError(f"a solver gave different scores across repeats: {scores}")
    return min(results, key=lambda r: r[2])


def print_markdown(rows):
    print("\n| requests | offers | cap | K | candidates | max score | edges | score = OR-Tools | "
          "Swift s | OR-Tools s | scipy s | time / OR-Tools | CPU / OR-Tools CPU |")
    print("| ---: | ---: | ---: | ---: | --- | ---: | ---: | :---: | ---: | ---: | ---: | ---: | ---: |")
    for _, edges, swift, ortools_result, scipy_result, (R, O, CAP, K, shape, maxs) in rows:
        scipy_time = f"{scipy_result[2]:.4f}" if scipy_result else "-"
        same = "yes" if swift[0] == ortools_result[0] else "NO"
        print(f"| {R:,} | {O:,} | {CAP} | {K} | {shape} | {maxs:,} | {edges:,} | {same} | {swift[2]:.4f} | "
              f"{ortools_result[2]:.4f} | {scipy_time} | {swift[2] / ortools_result[2]:.3f} | "
              f"{swift[3] / ortools_result[3]:.3f} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--solver", default=os.path.join(PACKAGE, ".build", "release", "peerhours-bench"))
    parser.add_argument("--sparse", default=DEFAULT_SPARSE)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--reference", default=DEFAULT_REFERENCE)
    parser.add_argument("--venv", default=DEFAULT_VENV)
    parser.add_argument("--instance-dir", default=os.path.join(HERE, "instances"))
    parser.add_argument("--skip-scipy", action="store_true")
    parser.add_argument("--scipy-edges-max", type=int, default=250_000)
    parser.add_argument("--markdown", action="store_true", help="also print the table as Markdown")
    args = parser.parse_args()
    ensure_virtualenv(os.path.abspath(args.venv))

    import numpy as np
    import ortools
    import scipy
    reference = load_reference(args.reference)
    if not os.access(args.solver, os.X_OK):
        sys.exit(f"solver not found: {args.solver} (swift build -c release --product peerhours-bench)")
    os.makedirs(args.instance_dir, exist_ok=True)
    rng = np.random.default_rng(args.seed)
    print(f"numpy {np.__version__} scipy {scipy.__version__} ortools {ortools.__version__}; "
          f"seed {args.seed}; best of {args.repeats}; solve time only (no parsing or building)")
    header = (f"{'instance R:O:CAP:K':>22} {'edges':>8} {'swift score':>12} {'matched':>7} "
              f"{'score/ortools':>13} {'score/scipy':>11} {'swift s':>8} {'ortools s':>9} "
              f"{'scipy s':>8} {'time/ortools':>12} {'time/scipy':>10} {'cpu/ortools':>8}")
    rows = []
    for position, spec in enumerate([s for s in args.sparse.split(",") if s]):
        fields = spec.split(":")
        R, O, CAP, K = map(int, fields[:4])
        if len(fields) == 4:
            req, off, score = reference.make_sparse(R, O, K, rng)
            maxs, shape = reference.MAXS, "uniform"
        elif len(fields) == 6:
            exponent, maxs = float(fields[4]), int(fields[5])
            req, off, score = make_skewed(R, O, K, exponent, maxs, np.random.default_rng([args.seed, position]))
            shape = "uniform" if exponent == 0 else f"Zipf {exponent:g}"
        else:
            sys.exit(f"instance {spec!r}: want R:O:CAP:K or R:O:CAP:K:ZIPF:MAXS")
        path = os.path.join(args.instance_dir, f"inst_{'_'.join(fields)}_{int(score.sum())}.txt")
        write_instance(path, R, O, CAP, maxs, req, off, score)
        swift = best_of(args.repeats, lambda: run_swift(args.solver, path))
        ortools_result = best_of(args.repeats, lambda: run_ortools_min_cost_flow(R, O, CAP, req, off, score))
        scipy_result = None if args.skip_scipy or len(req) > args.scipy_edges_max else best_of(
            args.repeats, lambda: run_scipy_lapjvsp(R, O, CAP, maxs, req, off, score))
        rows.append((spec, len(req), swift, ortools_result, scipy_result, (R, O, CAP, K, shape, maxs)))
        print(f"  solved {spec}: swift {swift}, ortools {ortools_result}, scipy {scipy_result}", flush=True)
    print()
    print(header)
    for spec, edges, swift, ortools_result, scipy_result, _ in rows:
        scipy_score = f"{swift[0] / scipy_result[0]:.6f}" if scipy_result else "-"
        scipy_time = f"{scipy_result[2]:.4f}" if scipy_result else "-"
        scipy_ratio = f"{swift[2] / scipy_result[2]:.3f}" if scipy_result else "-"
        print(f"{spec:>22} {edges:>8} {swift[0]:>12} {swift[1]:>7} {swift[0] / ortools_result[0]:>13.6f} "
              f"{scipy_score:>11} {swift[2]:>8.4f} {ortools_result[2]:>9.4f} {scipy_time:>8} "
              f"{swift[2] / ortools_result[2]:>12.3f} {scipy_ratio:>10} {swift[3] / ortools_result[3]:>8.3f}")
    exact = all(s[0] == o[0] and (c is None or s[0] == c[0]) for _, _, s, o, c, _ in rows)
    if args.markdown:
        print_markdown(rows)
    print(f"\nexact optimum on every instance: {'yes' if exact else 'NO'}")
    sys.exit(0 if exact else 1)


if __name__ == "__main__":
    main()
