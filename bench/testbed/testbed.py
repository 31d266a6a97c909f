#!/usr/bin/env python3
"""The testbed (docs/testbed.md): drives a real amazingstore-dc and N amazingstore-node daemons with a churn,
outage and workload schedule drawn from the simulator's model, measures the simulator's figures on them, and
prints them beside the simulator's replay of the same schedule."""

import argparse
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cluster  # noqa: E402
import monitor  # noqa: E402
import report  # noqa: E402
import schedule as schedule_file  # noqa: E402
from workload import Workload  # noqa: E402


class Clock:
    """Simulated time from real time: one real second stands for `scale` simulated seconds."""

    def __init__(self, scale):
        self.scale = scale
        self.start = time.monotonic()

    def sim_now(self):
        return (time.monotonic() - self.start) * self.scale

    def real_at(self, sim_time):
        return self.start + sim_time / self.scale


def parse_args(argv):
    p = argparse.ArgumentParser(prog="bench/testbed/run.sh", description=__doc__)
    p.add_argument("build_dir")
    p.add_argument("--nodes", type=int, default=60, help="users in the schedule (default 60)")
    p.add_argument("--minutes", type=float, default=20, help="real duration (default 20)")
    p.add_argument("--days", type=int, default=3, help="simulated days (default 3)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--objects", type=int, default=0, help="objects (default: as many as nodes)")
    p.add_argument("--min-outages", type=int, default=2, help="DC outages at least (default 2)")
    p.add_argument("--contributor-share", type=float, default=0.5)
    p.add_argument("--membership-days", type=float, default=20,
                   help="mean membership before a permanent departure (default 20, the model's 120 is too rare "
                        "for a few days)")
    p.add_argument("--requests-per-hour", type=float, default=0.25, help="per online user (default 0.25)")
    p.add_argument("--heartbeat", type=int, default=0, help="real seconds (default: 15 simulated minutes, ≥ 2)")
    p.add_argument("--schedule", help="drive this schedule file instead of drawing one")
    p.add_argument("--work-dir", help="keep profiles, logs and results here (default: a temporary folder)")
    p.add_argument("--plot", help="write the PNG plot here")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of the tables")
    p.add_argument("--replay-only", action="store_true",
                   help="with --work-dir of a finished run: redo only the simulator's replay, table and plot")
    p.add_argument("--replay-draws", type=int, default=20,
                   help="replays of the schedule with other placement draws, for the replay's own spread (default "
                        "20; 0: none)")
    p.add_argument("--dc-args", default="", help="extra arguments for amazingstore-dc")
    p.add_argument("--standby-count", type=int, default=4,
                   help="standby masters the DC names (outage mode, docs/outage.md; 0: none); the replay alike")
    p.add_argument("--standby-min-availability", type=float, default=0.3,
                   help="measured availability a standby needs (default 0.3, the DC's); the replay alike")
    p.add_argument("--no-dc-prior", action="store_true",
                   help="fresh profiles and DC without the simulator's prior of a week of DC history (see cluster.py)")
    a = p.parse_args(argv)
    if not 1 <= a.nodes <= 1000 or not a.minutes > 0 or not 1 <= a.days <= 60:
        p.error("--nodes 1..1000, --minutes > 0, --days 1..60")
    return a


def binaries(build_dir):
    paths = {name: os.path.join(build_dir, sub, name) for sub, name in (
        ("app", "amazingstore-dc"), ("app", "amazingstore-node"), ("bench", "amazingstore-sim"),
        ("bench", "amazingstore-sim-plot"))}
    for name, path in paths.items():
        if not os.access(path, os.X_OK):
            sys.exit(f"testbed: {path} is missing (build the target {name})")
    return paths


def make_schedule(args, sim, path, min_gap):
    cmd = [sim, "--write-schedule", path, "--users", str(args.nodes), "--days", str(args.days), "--seed",
           str(args.seed), "--objects", str(args.objects or args.nodes), "--min-outages", str(args.min_outages),
           "--contributor-share", str(args.contributor_share), "--membership-days", str(args.membership_days),
           "--requests-per-hour", str(args.requests_per_hour), "--min-gap", f"{min_gap:.0f}"]
    subprocess.run(cmd, check=True)


class Driver:
    """Plays the schedule on the real programs in real time."""

    def __init__(self, args, bins, work, sched, clock, heartbeat, shim, log):
        self.args, self.bins, self.work, self.sched, self.clock, self.log = args, bins, work, sched, clock, log
        self.shim = shim  # bindaddr.so: every node on its own address
        self.heartbeat = heartbeat
        # The DC's clocks compressed like the schedule: the detector's durations, and audits of vetted holders
        # every six simulated hours.
        dc_extra = ["--heartbeat-interval", f"{heartbeat:g}", "--detector-time-scale", f"{clock.scale:g}",
                    "--audit-interval", f"{max(1, round(21600 / clock.scale))}",
                    "--standby-count", str(args.standby_count),
                    "--standby-min-availability", f"{args.standby_min_availability:g}"]
        self.dc = cluster.Dc(bins["amazingstore-dc"], os.path.join(work, "dc"), os.path.join(work, "dc.log"),
                             dc_extra + args.dc_args.split())
        self.nodes = {}
        self.workload = Workload(work, args.seed)
        self.workload.dc_up = lambda: self.dc.proc is not None
        # Requests never wait behind uploads: a burst of uploads at t = 0 (the model's initial upload) takes
        # minutes under load.
        self.requests_pool = concurrent.futures.ThreadPoolExecutor(max_workers=16)
        self.uploads_pool = concurrent.futures.ThreadPoolExecutor(max_workers=8)
        self.setup_pool = concurrent.futures.ThreadPoolExecutor(max_workers=4)
        self.node_queues = {}  # node → its own one-thread queue: a node's events run in schedule order
        self.late = []  # how late each event started, real seconds
        self.bootstrap = ""

    def prepare(self):
        """The DC and every user's profile, newcomers' too (registered before the clock starts: making a profile
        takes seconds under load, and a newcomer's first requests would otherwise find no daemon yet)."""
        self.dc.start()
        if not self.args.no_dc_prior:
            cluster.seed_dc_runs(self.dc.data_dir, self.clock.scale)
        first = [u for u in self.sched.users if u.join == 0]
        strongest = sorted(first, key=lambda u: -u.availability)[:3]
        for u in self.sched.users:
            self.nodes[u.index] = cluster.Node(self.bins["amazingstore-node"], self.shim, self.work, u.index,
                                               self.heartbeat)
        self.bootstrap = ",".join(f"{cluster.node_address(u.index)}:{self._port(u.index)}" for u in strongest)
        list(self.setup_pool.map(self._setup, self.sched.users))
        self.log(f"{len(self.sched.users)} profiles registered")

    def _port(self, index):
        node = self.nodes[index]
        node.port = node.port or cluster.free_port(node.address)
        return node.port

    def _setup(self, user):
        self.nodes[user.index].setup(self.dc.url, user.capacity, self.bootstrap, self.dc_prior_scale())

    def dc_prior_scale(self):
        return 0.0 if self.args.no_dc_prior else self.clock.scale

    def run(self):
        for e in self.sched.events:
            delay = self.clock.real_at(e.time) - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            else:
                self.late.append(-delay)
            self.dispatch(e)
        self.workload.closing.set()  # an upload still waiting for its owner would hold the end back
        self.uploads_pool.shutdown(wait=True, cancel_futures=True)
        self.requests_pool.shutdown(wait=True)
        for q in self.node_queues.values():
            q.shutdown(wait=True)

    def dispatch(self, e):
        if e.kind == "dc_down":
            self.dc.stop(hard=e.hard_kill)
        elif e.kind == "dc_up":
            try:
                self.dc.start()
            except (RuntimeError, OSError) as ex:  # reported; the run goes on without the DC rather than end here
                self.log(f"dc_up: {ex}")
        elif e.kind in ("online", "offline", "freeze", "depart"):
            if e.user not in self.node_queues:
                self.node_queues[e.user] = concurrent.futures.ThreadPoolExecutor(max_workers=1)
            self.node_queues[e.user].submit(self._churn, e)
        elif e.kind == "upload":
            patience = max(6 * 3600 / self.clock.scale, 120)  # six simulated hours, at least 2 real minutes
            self.uploads_pool.submit(self.workload.upload, self.nodes[e.user], e.obj, e.size, patience)
        elif e.kind == "request":
            self.requests_pool.submit(self.workload.request, self.nodes[e.user], e.obj, e.time)

    def _churn(self, e):
        node = self.nodes[e.user]
        try:
            if e.kind == "online":
                if not node.registered:
                    node.setup(self.dc.url, self.sched.users[e.user].capacity, self.bootstrap,
                               self.dc_prior_scale())
                if node.frozen:
                    node.thaw()
                else:
                    node.start()
                    if not node.wait_started():
                        self.log(f"node {e.user}: the daemon did not take its profile (see {node.profile}.log)")
            elif e.kind == "offline":
                node.stop()
            elif e.kind == "freeze":
                node.freeze()
            elif e.kind == "depart":
                node.depart()
        except Exception as ex:  # one node's trouble must not stop the run; it is reported
            self.log(f"node {e.user} {e.kind}: {ex}")

    def shutdown(self):
        for node in self.nodes.values():
            node.stop()
        self.dc.stop(hard=False, outage=False)


def compare(results, requests, work):
    """The replay's request outcomes go to sim-requests.json; the request-by-request comparison to results."""
    outcomes = results["sim"].pop("request_outcomes", [])
    with open(os.path.join(work, "sim-requests.json"), "w") as f:
        json.dump(outcomes, f)
    results["request_by_request"] = report.compare_requests(requests, outcomes)


def replay_only(args, bins):
    """A finished run's testbed figures beside a new replay of its schedule (e.g. after a simulator change)."""
    work = args.work_dir
    with open(os.path.join(work, "results.json")) as f:
        results = json.load(f)
    sched = schedule_file.load(os.path.join(work, "schedule.txt"))
    args.seed, args.days = sched.seed, sched.days  # the table's header names the run's, not the defaults
    results.setdefault("standby", {"count": args.standby_count, "min_availability": args.standby_min_availability})
    results["sim"] = report.replay(bins["amazingstore-sim"], os.path.join(work, "schedule.txt"),
                                   os.path.join(work, "sim-series.csv"), report.replay_args(results))
    results["sim_draws"] = report.replay_draws(bins["amazingstore-sim"], os.path.join(work, "schedule.txt"),
                                               report.replay_args(results), args.replay_draws)
    with open(os.path.join(work, "requests.json")) as f:
        compare(results, json.load(f), work)
    with open(os.path.join(work, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
    series = []
    with open(os.path.join(work, "series.csv")) as f:
        next(f)
        for line in f:
            v = line.strip().split(",")
            series.append({"day": float(v[0]), "online_users": int(v[1]), "dc_up": int(v[2]), "peer_side": float(v[3]),
                           "replicas": float(v[5]), "repair_bytes": float(v[7])})
    report.write_series(series, results["sim"], os.path.join(work, "series.csv"))
    if args.plot:
        report.plot(bins["amazingstore-sim-plot"], os.path.join(work, "series.csv"), args.plot)
    scale, heartbeat = results["time_scale"], results["heartbeat_seconds"]
    print(json.dumps(results, indent=2) if args.json else report.table(results, args, scale, heartbeat))
    return 0


def main(argv):
    args = parse_args(argv)
    bins = binaries(args.build_dir)
    if args.replay_only:
        if not args.work_dir:
            sys.exit("testbed: --replay-only needs --work-dir of a finished run")
        return replay_only(args, bins)
    work = args.work_dir or tempfile.mkdtemp(prefix="astb-")
    os.makedirs(work, exist_ok=True)
    log_file = open(os.path.join(work, "testbed.log"), "a")

    def log(text):
        line = time.strftime("%H:%M:%S ") + text
        log_file.write(line + "\n")
        log_file.flush()
        if not args.json:
            print(line, file=sys.stderr, flush=True)

    scale = args.days * 86400.0 / (args.minutes * 60.0)
    # 15 simulated minutes between heartbeats, at least 2 real seconds: a few dozen heartbeats per second at
    # most on a 2-core machine. The DC sees an absence after 3 intervals, so shorter ones are left out.
    heartbeat = args.heartbeat or max(2, round(900.0 / scale))  # the DC takes whole seconds
    sched_path = os.path.join(work, "schedule.txt")
    if args.schedule:
        shutil.copy(args.schedule, sched_path)
    else:
        make_schedule(args, bins["amazingstore-sim"], sched_path, min_gap=4 * heartbeat * scale)
    sched = schedule_file.load(sched_path)
    log(f"schedule: {len(sched.users)} users, {sched.objects} objects, {sched.count('request')} requests, "
        f"{sched.count('dc_down')} DC outages, {sched.count('depart')} departures; scale {scale:.0f}, "
        f"heartbeat {heartbeat:g} s; work dir {work}")

    clock = Clock(scale)
    shim = os.path.join(work, "bindaddr.so")
    if not os.environ.get("AS_TESTBED_SHIM"):
        sys.exit("testbed: start it with bench/testbed/run.sh (it builds the address shim)")
    shutil.copy(os.environ["AS_TESTBED_SHIM"], shim)
    driver = Driver(args, bins, work, sched, clock, heartbeat, shim, log)
    driver.prepare()
    clock.start = time.monotonic()  # the schedule's t = 0
    driver.dc.start_measuring()
    mon = monitor.Monitor(driver.nodes, driver.workload, clock, period=max(2.0, heartbeat),
                          placement_window=3 * 3600.0)
    mon.start(lambda: driver.dc.proc is not None)
    driver.workload.holders_online = lambda obj: sum(
        1 for index, held in list(mon.pairs) if held == obj and driver.nodes[index].online())
    driver.workload.node_online = lambda index: driver.nodes[index].online()
    load_before = os.getloadavg()
    try:
        driver.run()
    except Exception as ex:  # noqa: BLE001 — what was measured until then is still reported
        log(f"the driver stopped early: {ex!r}")
    finally:
        mon.stop()
        elapsed = time.monotonic() - clock.start
        driver.shutdown()
    results = report.testbed_figures(driver, mon, elapsed, load_before, os.getloadavg())
    results["standby"] = {"count": args.standby_count, "min_availability": args.standby_min_availability}
    with open(os.path.join(work, "results.json"), "w") as f:  # kept even if the replay fails
        json.dump(results, f, indent=2)
    results["sim"] = report.replay(bins["amazingstore-sim"], sched_path, os.path.join(work, "sim-series.csv"),
                                   report.replay_args(results))
    results["sim_draws"] = report.replay_draws(bins["amazingstore-sim"], sched_path, report.replay_args(results),
                                               args.replay_draws)
    compare(results, driver.workload.requests, work)
    with open(os.path.join(work, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
    with open(os.path.join(work, "requests.json"), "w") as f:
        json.dump(driver.workload.requests, f, indent=1)
    with open(os.path.join(work, "links.json"), "w") as f:
        json.dump(driver.workload.links, f, indent=1)
    with open(os.path.join(work, "repairs.json"), "w") as f:
        json.dump(mon.repair_log, f)
    with open(os.path.join(work, "dc-reports.csv"), "w") as f:  # the nodes' A_dc over the run
        f.write("sim_seconds,median,lowest\n" + "".join(f"{t},{m},{lo}\n" for t, m, lo in mon.dc_reports))
    report.write_series(mon.series, results["sim"], os.path.join(work, "series.csv"))
    if args.plot:
        report.plot(bins["amazingstore-sim-plot"], os.path.join(work, "series.csv"), args.plot)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(report.table(results, args, scale, heartbeat))
    if not args.work_dir:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
