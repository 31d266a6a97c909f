"""Samples who holds which replica (each profile's `replicas` table, state `held`) and who is online, every
few seconds: replicas per object, peer-side availability, repair traffic, objects lost, and the hourly
series for the plot (the simulator's CSV columns)."""

import sqlite3
import statistics
import threading
import time

from cluster import reported_dc_availability


def held_replicas(profile):
    """Object ids this profile holds as replicas for others (its own uploads are not replicas)."""
    try:
        db = sqlite3.connect(f"file:{profile}/state.sqlite?mode=ro", uri=True, timeout=0.5)
        try:
            return {row[0] for row in db.execute("SELECT object_id FROM replicas WHERE state = 'held'")}
        finally:
            db.close()
    except sqlite3.Error:
        return None  # not created yet, or busy: keep the last sample


class Monitor:
    def __init__(self, nodes, workload, clock, period, placement_window):
        self.nodes, self.workload, self.clock, self.period = nodes, workload, clock, period
        self.placement_window = placement_window  # simulated seconds after an upload that count as placement
        self.last_held = {}  # node → set of ids
        self.first_held = {}  # object → simulated time of its first replica
        self.pairs = set()  # (node, id) currently held
        self.repair_bytes = 0
        self.repairs = 0
        self.repair_log = []  # (simulated time, node, object, simulated seconds since its first replica)
        self.lost = set()
        self.samples = 0
        self.replica_time = 0.0  # Σ replicas × dt over uploaded objects
        self.peer_time = 0.0  # Σ (objects with a holder online) × dt
        self.object_time = 0.0  # Σ uploaded objects × dt
        self.series = []
        self.dc_reports = []  # (simulated time, median, lowest) of the A_dc the online nodes report
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._dc_up = lambda: True

    def start(self, dc_up):
        self._dc_up = dc_up
        self._thread.start()

    def stop(self):
        self._stop.set()
        self._thread.join()

    def _run(self):
        last = self.clock.sim_now()
        next_series = 0.0
        while not self._stop.wait(self.period):
            now = self.clock.sim_now()
            counts = self.sample(now, now - last)
            last = now
            if now >= next_series:
                self.series.append(counts)
                next_series = now + 3600.0

    def sample(self, now, dt):
        ids = {}  # object id → object number
        with self.workload.lock:
            for obj, link in self.workload.links.items():
                ids[link.split("/")[-1].split("#")[0]] = obj
        sizes = self.workload.sizes
        holders = {obj: 0 for obj in ids.values()}
        online_holders = {obj: 0 for obj in ids.values()}
        pairs = set()
        reports = []
        for node in list(self.nodes.values()):
            if node.departed or not node.registered:
                continue
            if node.online():
                reported = reported_dc_availability(node.profile)
                if reported is not None:
                    reports.append(reported)
            held = held_replicas(node.profile)
            if held is None:
                held = self.last_held.get(node.index, set())
            self.last_held[node.index] = held
            for oid in held:
                obj = ids.get(oid)
                if obj is None:
                    continue
                pairs.add((node.index, obj))
                holders[obj] += 1
                if node.online():
                    online_holders[obj] += 1
        for pair in pairs - self.pairs:
            obj = pair[1]
            self.first_held.setdefault(obj, now)
            if now - self.first_held[obj] > self.placement_window:
                self.repairs += 1
                self.repair_bytes += sizes.get(obj, 0)
                self.repair_log.append((round(now), pair[0], obj, round(now - self.first_held[obj])))
        self.pairs = pairs
        if reports:
            self.dc_reports.append((round(now), round(statistics.median(reports), 4), round(min(reports), 4)))
        for obj, n in holders.items():
            if n == 0 and obj in self.first_held:
                self.lost.add(obj)
        self.replica_time += sum(holders.values()) * dt
        self.peer_time += sum(1 for n in online_holders.values() if n) * dt
        self.object_time += len(holders) * dt
        self.samples += 1
        n = max(len(holders), 1)
        return {"day": now / 86400.0, "online_users": sum(1 for x in self.nodes.values() if x.online()),
                "dc_up": 1 if self._dc_up() else 0,
                "peer_side": sum(1 for v in online_holders.values() if v) / n,
                "replicas": sum(holders.values()) / n, "repair_bytes": self.repair_bytes}

    def replicas_mean(self):
        return self.replica_time / self.object_time if self.object_time else 0.0

    def peer_side_availability(self):
        return self.peer_time / self.object_time if self.object_time else 0.0
