#!/usr/bin/env python3
"""Outage-mode switch-over timings on the real programs (docs/outage.md, docs/benchmarks.md): one DC and a few
node daemons on loopback (the testbed's cluster code and address shim); the DC is killed with kill -9 and
restarted on its folder, ROUNDS times. Per round, from the kill:
  - a one-shot `ls` on a profile whose daemon is not running (it has the cached standby plan),
  - an `ls` through a running daemon,
  - until a daemon's `status --json` says "mode": "p2p";
and from the restart, until that daemon says "mode": "dc" again. Then the CPU of standby and non-standby
daemons over a steady-state minute. Prints one JSON object (medians and every sample)."""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testbed"))
import cluster  # noqa: E402


def status(node):
    code, out, _ = node.cli(["status", "--json"], timeout=30)
    try:
        return json.loads(out) if code == 0 else {}
    except ValueError:
        return {}


def wait_for(predicate, timeout, step=0.1):
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if predicate():
            return time.monotonic() - start
        time.sleep(step)
    return None


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed_cli(node, args, out, key):
    start = time.monotonic()
    code, _, err = node.cli(args, timeout=60)
    out[key] = time.monotonic() - start if code == 0 else None
    if code != 0:
        out[key + "_error"] = err.strip()[-200:]


def main(argv):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("build_dir")
    p.add_argument("--nodes", type=int, default=6)
    p.add_argument("--rounds", type=int, default=10)
    p.add_argument("--heartbeat", type=int, default=5, help="the DC's heartbeat interval, seconds (default 5)")
    p.add_argument("--steady", type=float, default=60, help="seconds of steady state for the CPU figure")
    a = p.parse_args(argv)
    shim = os.environ.get("AS_TESTBED_SHIM", "")
    work = tempfile.mkdtemp(prefix="asout-")
    dc = cluster.Dc(os.path.join(a.build_dir, "app", "amazingstore-dc"), os.path.join(work, "dc"),
                    os.path.join(work, "dc.log"),
                    ["--heartbeat-interval", str(a.heartbeat), "--standby-min-availability", "0"])
    node_bin = os.path.join(a.build_dir, "app", "amazingstore-node")
    nodes = [cluster.Node(node_bin, shim, work, i, a.heartbeat) for i in range(a.nodes)]
    result = {"nodes": a.nodes, "heartbeat_seconds": a.heartbeat, "rounds": []}
    try:
        dc.start()
        for n in nodes:
            n.setup(dc.url, 10**9, "")
        for n in nodes:
            n.start()
            n.wait_started()
        blob = os.path.join(work, "o.bin")
        with open(blob, "wb") as f:
            f.write(os.urandom(200_000))
        code, _, err = nodes[0].cli(["upload", blob], timeout=120)
        if code != 0:
            sys.exit(f"upload failed: {err}")
        # Standbys named and pulled: every node has the plan, some node has applied the log.
        ok = wait_for(lambda: all(status(n).get("standby_masters", 0) > 0 for n in nodes)
                      and any(status(n).get("standby_log_seq", 0) > 0 for n in nodes), 120, step=1)
        if ok is None:
            sys.exit("no standby plan after 120 s")
        standbys = [n for n in nodes if status(n).get("standby_log_seq", 0) > 0]
        others = [n for n in nodes if n not in standbys]
        result["standbys"] = len(standbys)
        # Steady state: CPU of each daemon over the same window.
        before = {n.index: cpu_seconds(n.proc.pid) for n in nodes}
        time.sleep(a.steady)
        share = {n.index: (cpu_seconds(n.proc.pid) - before[n.index]) / a.steady for n in nodes}
        result["steady_cpu_share"] = {"standby": [share[n.index] for n in standbys],
                                      "other": [share[n.index] for n in others]}
        # The one-shot profile: its daemon stops (its cached plan stays); the daemon measured is a non-standby.
        oneshot = others[-1] if others else nodes[-1]
        oneshot.stop()
        daemons = [n for n in nodes if n is not oneshot]
        watched = next((n for n in daemons if n in others), daemons[-1])
        lister = next((n for n in daemons if n is not watched and n in others), daemons[0])
        for _ in range(a.rounds):
            r = {}
            dc.stop(hard=True)
            threads = [threading.Thread(target=timed_cli, args=(oneshot, ["ls"], r, "oneshot_ls")),
                       threading.Thread(target=timed_cli, args=(lister, ["ls"], r, "daemon_ls"))]
            for t in threads:
                t.start()
            r["daemon_p2p"] = wait_for(lambda: status(watched).get("mode") == "p2p", 60)
            for t in threads:
                t.join()
            time.sleep(2)
            dc.start()
            r["daemon_back"] = wait_for(lambda: status(watched).get("mode") == "dc", 60)
            result["rounds"].append(r)
            # The standbys are named again before the next kill (the plan comes with heartbeat answers).
            wait_for(lambda: status(watched).get("standby_masters", 0) > 0, 60, step=1)
            time.sleep(a.heartbeat)
        for key in ("oneshot_ls", "daemon_ls", "daemon_p2p", "daemon_back"):
            v = [r[key] for r in result["rounds"] if r.get(key) is not None]
            result[key + "_median"] = statistics.median(v) if v else None
            result[key + "_failed"] = sum(1 for r in result["rounds"] if r.get(key) is None)
    finally:
        for n in nodes:
            n.stop()
        dc.stop(hard=False, outage=False)
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
