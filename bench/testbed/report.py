"""The figures: the testbed's from what it measured, the simulator's from its replay of the same schedule;
the side-by-side table, the JSON and the series for the plot."""

import collections
import json
import statistics
import subprocess

from workload import INTERRUPTED

PAPER = {"dc_alone": 0.9322, "availability": 0.9913, "peer_served_fraction": 0.9038,
         "peer_side_availability": 0.838, "download_mbps": 2.1}


def testbed_figures(driver, mon, elapsed, load_before, load_after):
    reqs = driver.workload.requests
    counted = [r for r in reqs if r["reason"] != INTERRUPTED]
    ok = [r for r in counted if r["ok"]]
    n = max(len(counted), 1)
    reasons = {}
    for r in counted:
        if not r["ok"]:
            reasons[r["reason"]] = reasons.get(r["reason"], 0) + 1
    seconds = sum(r["seconds"] for r in ok)
    rates = [r["bytes"] / r["seconds"] / 1e6 for r in ok if r["seconds"] > 0]
    late = sorted(driver.late)
    return {
        "dc_availability": driver.dc.total_up_seconds() / elapsed if elapsed else 0.0,
        "availability": len(ok) / n,
        "dc_alone_availability": sum(1 for r in counted if r["dc_up"]) / n,
        "outage_requests": sum(1 for r in counted if not r["dc_up"]),
        "outage_requests_served": sum(1 for r in ok if not r["dc_up"]),
        "peer_served_fraction": sum(1 for r in ok if r["from_dc"] == 0) / n,
        "peer_side_availability": mon.peer_side_availability(),
        # Requests not served by peers alone, split by the replay's rule on the testbed's own state at the
        # request: a holder or the owner online (then the product missed them) or not (placement differs).
        "not_by_peers": {
            "source_online": sum(1 for r in counted if not (r["ok"] and r["from_dc"] == 0)
                                 and ((r.get("holders_online") or 0) > 0 or r.get("owner_online"))),
            "no_source_online": sum(1 for r in counted if not (r["ok"] and r["from_dc"] == 0)
                                    and not ((r.get("holders_online") or 0) > 0 or r.get("owner_online")))},
        # Why the node asked the DC (`get --json`'s dc_reason: no-holders, no-peers, stalled, too-slow).
        "dc_reasons": dict(collections.Counter(r.get("dc_reason") or "?" for r in ok if r["from_dc"] > 0)),
        "replicas_mean": mon.replicas_mean(),
        "repair_bytes": mon.repair_bytes,
        "repairs": mon.repairs,
        "objects_lost": len(mon.lost),
        "wrong_bytes": sum(r["wrong_bytes"] for r in reqs),
        "downloads_checked": sum(1 for r in reqs if r["bytes"]),
        "failed_requests": {"total": len(counted) - len(ok), "reasons": reasons},
        "requests": len(counted),
        "interrupted_requests": len(reqs) - len(counted),
        "uploads": len(driver.workload.links),
        "upload_failures": driver.workload.upload_failures,
        "dc_outages": sum(driver.dc.kills.values()),
        "daemon_crashes": {str(n.index): n.crashes for n in driver.nodes.values() if n.crashes},
        "dc_kill9": driver.dc.kills["kill9"],
        "download_mbps": sum(r["bytes"] for r in ok) / seconds / 1e6 if seconds else 0.0,
        "download_mbps_median": statistics.median(rates) if rates else 0.0,
        "nodes": len(driver.nodes),
        "real_seconds": elapsed,
        "time_scale": driver.clock.scale,
        "heartbeat_seconds": driver.heartbeat,
        "late_events_p99_seconds": late[int(0.99 * (len(late) - 1))] if late else 0.0,
        "load_average": {"before": load_before[0], "after": load_after[0]},
        # The A_dc the online nodes report (the DC models with their median): lowest median over the run.
        "nodes_dc_availability_lowest_median": min((m for _, m, _ in mon.dc_reports), default=None),
        "dc_prior": not driver.args.no_dc_prior,
    }


def replay_args(results):
    """The DC's rules the replay models: its standby rule (outage mode), and its bound on assignments a peer has
    not fetched yet, which spreads a burst of placements over heartbeats (a fetch takes about one): the
    simulator's placement window, in simulated seconds (docs/simulation.md)."""
    standby = results["standby"]
    args = ["--standby-count", str(standby["count"]), "--standby-min-availability", f"{standby['min_availability']:g}"]
    window = results.get("heartbeat_seconds", 0) * results.get("time_scale", 0)
    return args + (["--placement-window", f"{window:g}"] if window > 0 else [])


def replay(sim, schedule_path, series_path, extra=()):
    out = subprocess.run([sim, "--replay", schedule_path, "--json", "--series", series_path] + list(extra),
                         check=True, capture_output=True).stdout
    r = json.loads(out)
    return {
        "request_outcomes": r.get("request_outcomes", []),  # taken out by the caller (sim-requests.json)
        "dc_availability": r["dc_availability"],
        "availability": r["availability"],
        "dc_alone_availability": r["dc_alone"]["availability"],
        "peer_served_fraction": r["peer_served_fraction"],
        "peer_side_availability": r["peer_side_availability"],
        "replicas_mean": r["replicas_mean"],
        "threshold_mean": r["threshold_mean"],
        "repair_bytes": r["repair_bytes"],
        "repairs": r["repairs"],
        "objects_lost": r["objects_lost"],
        "wrong_bytes": 0,
        "failed_requests": {"total": r["failed_requests"],
                            "reasons": {"DC down and no holder online": r["failed_requests"]}
                            if r["failed_requests"] else {}},
        "requests": r["requests"],
        "dc_outages": r["dc_outages"],
        "download_mbps": None,
        "outage_mode": r.get("outage_mode", {}),
        "outage_requests": r.get("outage_mode", {}).get("requests"),
        # A replay fails requests only while the DC is down.
        "outage_requests_served": r.get("outage_mode", {}).get("requests", 0) - r["failed_requests"],
    }


DRAWN = ("availability", "peer_served_fraction", "replicas_mean")


def replay_draws(sim, schedule_path, extra, draws):
    """The same schedule replayed with `draws` other placement draws (`--seed` with `--replay`: placement, audits
    and the server's id drawn anew): the median and range of each figure. With ~100 objects and ~270 requests one
    draw moves availability by points, so the testbed is compared with the median, not with one draw."""
    if draws <= 0:
        return None
    runs = []
    for i in range(draws):
        out = subprocess.run([sim, "--replay", schedule_path, "--json", "--seed", str(1000 + i)] + list(extra),
                             check=True, capture_output=True).stdout
        runs.append(json.loads(out))
    figures = {"draws": draws}
    for key in DRAWN:
        values = sorted(r[key] for r in runs)
        figures[key] = {"median": statistics.median(values), "min": values[0], "max": values[-1]}
    return figures


def _draws_lines(t, s, d):
    if not d:
        return []
    pct = lambda v: f"{100 * v:.2f}"  # noqa: E731
    out = [f"replay over {d['draws']} placement draws, median (range): availability "
           f"{pct(d['availability']['median'])} % ({pct(d['availability']['min'])}–{pct(d['availability']['max'])}), "
           f"by peers {pct(d['peer_served_fraction']['median'])} % ({pct(d['peer_served_fraction']['min'])}–"
           f"{pct(d['peer_served_fraction']['max'])}), replicas {d['replicas_mean']['median']:.2f} "
           f"({d['replicas_mean']['min']:.2f}–{d['replicas_mean']['max']:.2f})"]
    gap = lambda key, ref: 100 * (t[key] - ref)  # noqa: E731
    out += [f"testbed minus replay, points: availability {gap('availability', s['availability']):+.2f} (this draw), "
            f"{gap('availability', d['availability']['median']):+.2f} (median); by peers "
            f"{gap('peer_served_fraction', s['peer_served_fraction']):+.2f} (this draw), "
            f"{gap('peer_served_fraction', d['peer_served_fraction']['median']):+.2f} (median)"]
    return out


def _outcome(request):
    if request["reason"] == INTERRUPTED:
        return None
    if not request["ok"]:
        return "failed"
    return "peers" if request["from_dc"] == 0 else "dc"


def compare_requests(testbed_requests, replay_outcomes):
    """The same requests side by side: how many had the same outcome (served by peers, by the DC, failed) in
    the testbed and in the replay, and for those that differ, the holders online at the request on each side
    (the testbed's from its monitor, the replay's ground truth) and why the testbed's node asked the DC."""
    replay = {(o[1], round(o[0])): o for o in replay_outcomes}
    pairs, differing = collections.Counter(), []
    for r in testbed_requests:
        mine, theirs = _outcome(r), replay.get((r["object"], round(r["sim_time"])))
        if mine is None or theirs is None:
            continue
        pairs[f"{mine}/{theirs[2]}"] += 1
        if mine != theirs[2]:
            differing.append({"sim_time": r["sim_time"], "object": r["object"], "testbed": mine, "replay": theirs[2],
                              "holders_online": [r.get("holders_online"), theirs[3]],
                              "owner_online": [r.get("owner_online"), theirs[4]],
                              "dc_reason": r.get("dc_reason") or r.get("reason", "")})
    return {"pairs": dict(pairs), "differing": sorted(differing, key=lambda d: d["sim_time"])}


def _comparison_lines(cmp):
    pairs = cmp["pairs"]
    same = sum(n for k, n in pairs.items() if k.split("/")[0] == k.split("/")[1])
    out = [f"request by request: {same} of {sum(pairs.values())} had the same outcome in both "
           f"(testbed/replay: {', '.join(f'{k} {n}' for k, n in sorted(pairs.items()))})"]
    for d in cmp["differing"]:
        h, o = d["holders_online"], d["owner_online"]
        out.append(f"  day {d['sim_time'] / 86400:5.2f} object {d['object']:3}: testbed {d['testbed']:6} replay "
                   f"{d['replay']:6} holders online {h[0]}/{h[1]}, owner {'yes' if o[0] else 'no'}/"
                   f"{'yes' if o[1] else 'no'}  {d['dc_reason'][:60]}")
    return out


def _pct(v):
    return "" if v is None else f"{100 * v:.2f}%"


def _mb(v):
    return "" if v is None else f"{v / 1e6:.1f} MB"


def table(res, args, scale, heartbeat):
    t, s = res, res["sim"]
    rows = [
        ("availability (requests)", _pct(t["availability"]), _pct(s["availability"]), _pct(PAPER["availability"])),
        ("  DC alone, same requests", _pct(t["dc_alone_availability"]), _pct(s["dc_alone_availability"]),
         _pct(PAPER["dc_alone"])),
        ("DC up (time)", _pct(t["dc_availability"]), _pct(s["dc_availability"]), "93.22%"),
        ("served by peers (requests)", _pct(t["peer_served_fraction"]), _pct(s["peer_served_fraction"]),
         _pct(PAPER["peer_served_fraction"])),
        ("peer-side availability (obj-time)", _pct(t["peer_side_availability"]), _pct(s["peer_side_availability"]),
         _pct(PAPER["peer_side_availability"])),
        ("replicas per object (mean)", f"{t['replicas_mean']:.2f}", f"{s['replicas_mean']:.2f}", ">= 6"),
        ("threshold c (mean, at the end)", "", f"{s['threshold_mean']:.2f}", "6"),
        ("repair traffic (replicas)", f"{_mb(t['repair_bytes'])} ({t['repairs']})",
         f"{_mb(s['repair_bytes'])} ({s['repairs']})", ""),
        ("objects lost at the peer layer", str(t["objects_lost"]), str(s["objects_lost"]), ""),
        ("requests / failed", f"{t['requests']} / {t['failed_requests']['total']}",
         f"{s['requests']} / {s['failed_requests']['total']}", ""),
        ("DC outages (kill -9)", f"{t['dc_outages']} ({t['dc_kill9']})", str(s["dc_outages"]), ""),
        ("requests during outages / served", f"{t.get('outage_requests', '')} / {t.get('outage_requests_served', '')}",
         f"{s.get('outage_requests', '')} / {s.get('outage_requests_served', '')}", ""),
        ("standbys named (per outage)", "", f"{s.get('outage_mode', {}).get('standbys_named_mean', 0):.1f}", ""),
        ("wrong bytes (downloads checked)", f"{t['wrong_bytes']} ({t['downloads_checked']})", "", "0"),
        ("download MB/s (aggregate, median)", f"{t['download_mbps']:.2f}, {t['download_mbps_median']:.2f}", "",
         f"{PAPER['download_mbps']:.1f}"),
    ]
    out = [f"AmazingStore testbed: {t['nodes']} users, {t['uploads']} objects, {args.days:g} simulated days in "
           f"{t['real_seconds'] / 60:.1f} real minutes (x{scale:.0f}), heartbeat {heartbeat:g} s, seed {args.seed}; "
           f"load average {t['load_average']['before']:.1f} → {t['load_average']['after']:.1f}",
           "", f"{'':36}{'testbed':>18}{'sim replay':>18}{'paper':>10}"]
    out += [f"{a:36}{b:>18}{c:>18}{d:>10}" for a, b, c, d in rows]
    out += _draws_lines(t, s, t.get("sim_draws"))
    if t["failed_requests"]["reasons"]:
        out += ["", "failed requests (testbed):"]
        out += [f"  {n:4}  {why}" for why, n in sorted(t["failed_requests"]["reasons"].items(), key=lambda x: -x[1])]
    if "not_by_peers" in t:
        nb = t["not_by_peers"]
        out += [f"not served by peers alone: {nb['source_online']} with a holder or the owner online at the request "
                f"(the product's), {nb['no_source_online']} with none (placement's)"]
        if t.get("dc_reasons"):
            out += ["why the DC served: " + ", ".join(f"{k} {v}" for k, v in sorted(t["dc_reasons"].items()))]
    if t.get("request_by_request"):
        out += _comparison_lines(t["request_by_request"])
    if t.get("nodes_dc_availability_lowest_median") is not None:
        out += [f"A_dc the nodes report: lowest median {100 * t['nodes_dc_availability_lowest_median']:.1f} % "
                f"({'with' if t.get('dc_prior') else 'without'} the week's prior at 93.2 %)"]
    if t["interrupted_requests"]:
        out += [f"not counted: {t['interrupted_requests']} requests whose requester left during the download"]
    if t["daemon_crashes"]:
        out += [f"node daemons that ended on their own (exit codes): {t['daemon_crashes']}"]
    if t["upload_failures"]:
        out += [f"uploads that never finished: {len(t['upload_failures'])}"]
    out += [f"events started late by up to {t['late_events_p99_seconds']:.1f} s (p99)"]
    return "\n".join(out)


def write_series(testbed_series, sim, path):
    """The plot's CSV (amazingstore-sim-plot): the testbed in the 'ours' columns, the replay's AmazingStore
    layer in the 'baseline' columns (drawn in orange; see docs/testbed.md)."""
    del sim  # the replay's hourly series is in sim-series.csv; joined below by hour
    rows = ["day,online_users,dc_up,ours_peer_side,baseline_peer_side,ours_replicas,baseline_replicas,"
            "ours_repair_bytes,baseline_repair_bytes"]
    replay_rows = {}
    try:
        with open(path.replace("series.csv", "sim-series.csv")) as f:
            next(f)
            for line in f:
                v = line.strip().split(",")
                replay_rows[round(float(v[0]) * 24)] = v
    except OSError:
        pass
    for p in testbed_series:
        r = replay_rows.get(round(p["day"] * 24))
        rows.append(",".join(str(x) for x in (
            f"{p['day']:.4f}", p["online_users"], p["dc_up"], f"{p['peer_side']:.5f}", r[3] if r else "",
            f"{p['replicas']:.4f}", r[5] if r else "", p["repair_bytes"], r[7] if r else "")))
    with open(path, "w") as f:
        f.write("\n".join(rows) + "\n")


def plot(plotter, csv, png):
    subprocess.run([plotter, csv, png, "0", "testbed (real programs)", "simulator replay"], check=False)
