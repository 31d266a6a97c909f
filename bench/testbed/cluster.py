"""The real programs: one amazingstore-dc and one amazingstore-node daemon per user, each node on its own
loopback address 127.0.X.1 (a /24 of its own) through the bindaddr.so shim (docs/testbed.md, "Addresses")."""

import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import threading
import time

PASSWORD = "testbed-password-1"


def free_port(host="127.0.0.1"):
    """A free port below the kernel's ephemeral range (32768 up): a port the kernel hands out to outgoing
    connections can be taken while its DC or daemon is stopped, and the restart on it then fails."""
    for _ in range(1000):
        port = random.randrange(20000, 32700)
        with socket.socket() as s:
            try:
                s.bind((host, port))
                return port
            except OSError:
                continue
    raise RuntimeError("no free port in 20000-32700")


# The simulator's DC figure starts from a prior of one week at the deployment's A_dc (bench/sim/World.h,
# measuredDcAvailability). A node's A_dc is the share of its DC health checks over the last 7 real days
# (core/engine/EngineContext), so a fresh testbed profile has only the run's compressed hours: the first
# outage (2 of 10 simulated hours) made every node report ~0.8, the DC's c rose by one to three replicas and the
# holders asked for ~36 repairs at once (docs/testbed.md, "Repairs"). Each profile gets the same prior instead.
PRIOR_DC_AVAILABILITY = 0.932
PRIOR_SECONDS = 7 * 86400.0
HEALTH_SAMPLE_SECONDS = 10.0  # a node keeps one health sample per 10 real seconds (EngineContext::onDcCall)


def seed_dc_history(profile, scale):
    """Writes a simulated week of DC health checks at the prior's availability into a profile made by
    `register`, as many samples as the node would have kept for that long at this time scale, dated just
    before now (within its 7-day window)."""
    count = max(1, round(PRIOR_SECONDS / scale / HEALTH_SAMPLE_SECONDS))
    ok = round(count * PRIOR_DC_AVAILABILITY)
    now_ms = int(time.time() * 1000)
    rows = [(now_ms - (count - i) * 1000, 1 if i < ok else 0, 1) for i in range(count)]
    db = sqlite3.connect(os.path.join(profile, "state.sqlite"), timeout=10)
    try:
        with db:
            db.executemany("INSERT INTO dc_health (t, ok, latency_ms) VALUES (?, ?, ?)", rows)
    finally:
        db.close()


def seed_dc_runs(data_dir, scale, timeout=15):
    """The DC's own uptime record gets the same prior week as the nodes' (above): a run up PRIOR_DC_AVAILABILITY
    of a simulated week, then the rest of the week down, ending when the running DC started. Without it a fresh
    DC's record reads 1.0 and, until three vetted accounts report, A_dc = 1 sets c at the floor of 5 replicas
    where the replay's DC, which starts from this prior, asks for 6 (docs/testbed.md, "What it does with the
    schedule")."""
    week = PRIOR_SECONDS / scale
    db = sqlite3.connect(os.path.join(data_dir, "metadata.sqlite"), timeout=10)
    try:
        deadline = time.monotonic() + timeout
        current = None
        while current is None:  # the DC marks its run alive as it starts
            current = db.execute("SELECT MAX(start_at) FROM dc_runs").fetchone()[0]
            if current is None:
                if time.monotonic() > deadline:
                    raise RuntimeError("the DC recorded no run")
                time.sleep(0.2)
        alive = current - round(week * (1 - PRIOR_DC_AVAILABILITY))
        with db:
            db.execute("INSERT INTO dc_runs (start_at, alive_at) VALUES (?, ?)",
                       (alive - round(week * PRIOR_DC_AVAILABILITY), alive))
    finally:
        db.close()


def reported_dc_availability(profile):
    """The A_dc the node reports in its heartbeat: its health checks' share over the last 7 days (None if
    unreadable)."""
    try:
        db = sqlite3.connect(f"file:{profile}/state.sqlite?mode=ro", uri=True, timeout=0.5)
        try:
            since = int((time.time() - 7 * 86400) * 1000)
            n, ok = db.execute("SELECT COUNT(*), COALESCE(SUM(ok), 0) FROM dc_health WHERE t >= ?", (since,)).fetchone()
            return ok / n if n else None
        finally:
            db.close()
    except sqlite3.Error:
        return None


def node_address(index):
    """User i → 127.0.(i+1).1, then 127.1.x.1 …: every node in a /24 of its own."""
    return f"127.{index // 250}.{index % 250 + 1}.1"


class Dc:
    def __init__(self, binary, data_dir, log_path, extra_args):
        self.binary, self.data_dir, self.log_path, self.extra = binary, data_dir, log_path, extra_args
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = None
        self.up_since = None  # monotonic time it answered, None while down
        self.up_seconds = 0.0
        self.kills = {"kill9": 0, "term": 0}  # outages of the schedule

    def start_measuring(self):
        """The schedule's t = 0: up time and outages count from here."""
        self.up_seconds = 0.0
        if self.up_since is not None:
            self.up_since = time.monotonic()

    def start(self, timeout=30):
        """Starts the DC on its port; retried for `timeout` seconds (its port may still be held a moment)."""
        os.makedirs(self.data_dir, exist_ok=True)
        deadline = time.monotonic() + timeout
        while True:
            log = open(self.log_path, "ab")
            self.proc = subprocess.Popen(
                [self.binary, "--listen", f"127.0.0.1:{self.port}", "--data", self.data_dir] + self.extra,
                stdout=subprocess.PIPE, stderr=log)
            line = ""
            for _ in range(5):  # the address line may follow others (e.g. which metadata store it opened)
                line = self.proc.stdout.readline().decode(errors="replace")
                if "listening on" in line or not line:
                    break
            if "listening on" in line:
                break
            self.proc.wait()
            self.proc = None
            if time.monotonic() > deadline:
                raise RuntimeError(f"the DC did not start: {line!r} (log {self.log_path})")
            time.sleep(1)
        threading.Thread(target=self.proc.stdout.read, daemon=True).start()  # drain
        self.up_since = time.monotonic()

    def stop(self, hard, outage=True):
        if not self.proc:
            return
        if self.up_since is not None:
            self.up_seconds += time.monotonic() - self.up_since
            self.up_since = None
        if hard:
            self.proc.kill()
        else:
            self.proc.terminate()
        if outage:
            self.kills["kill9" if hard else "term"] += 1
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def total_up_seconds(self):
        return self.up_seconds + (time.monotonic() - self.up_since if self.up_since is not None else 0.0)


class Node:
    """One user's node: its profile, its address and, while the user is online, its daemon."""

    def __init__(self, binary, shim, root, index, heartbeat):
        self.binary, self.shim, self.index, self.heartbeat = binary, shim, index, heartbeat
        self.profile = os.path.join(root, f"n{index}")
        self.address = node_address(index)
        self.proc = None
        self.frozen = False
        self.started = False  # the daemon holds the profile: CLI commands go to it
        self.departed = False
        self.registered = False
        self.port = None
        self.crashes = []  # how the daemon ended when nobody stopped it
        self.stopping = False
        self.generation = 0  # +1 whenever the schedule takes the node away (stop, freeze, departure)

    def env(self):
        env = dict(os.environ)
        env.update({"AMAZINGSTORE_PASSWORD": PASSWORD, "LD_PRELOAD": self.shim, "AS_TESTBED_ADDR": self.address})
        env.pop("AMAZINGSTORE_PROFILE", None)
        return env

    def cli(self, args, timeout=60):
        """Runs one CLI command on this profile (handed to the daemon when it runs)."""
        try:
            r = subprocess.run([self.binary, "--profile", self.profile] + args, env=self.env(),
                               capture_output=True, timeout=timeout)
            return r.returncode, r.stdout.decode(errors="replace"), r.stderr.decode(errors="replace")
        except subprocess.TimeoutExpired:
            return -1, "", f"timed out after {timeout} s"

    def setup(self, dc_url, capacity, bootstrap, scale=0.0):
        """Profile, listen port, DHT bootstrap, account (user<i>), capacity; with `scale`, the DC history
        prior (seed_dc_history)."""
        port = self.port or free_port(self.address)
        steps = [["config", "listen-port", str(port)], ["config", "capacity", str(max(capacity, 10**7))]]
        if bootstrap:
            steps.append(["config", "dht-bootstrap", bootstrap])
        steps.append(["register", "--dc", dc_url, f"user{self.index}"])
        for args in steps:
            deadline = time.monotonic() + 600  # register waits out a DC outage
            while True:
                code, _, err = self.cli(args)
                if code == 0:
                    break
                if args[0] == "register" and "already exists" in err:
                    # An earlier attempt timed out after the DC had made the account (load 30): log in to it.
                    args = ["login"] + args[1:]
                    continue
                if time.monotonic() > deadline:
                    raise RuntimeError(f"node {self.index}: {' '.join(args)}: {err.strip()}")
                time.sleep(2)
        if scale > 0:
            seed_dc_history(self.profile, scale)
        self.port = port
        self.registered = True

    def running(self):
        if self.proc is not None and not self.stopping and self.proc.poll() is not None:
            # Ended on its own: a crash (or an error exit); the user stays offline until the schedule's next return.
            self.crashes.append(self.proc.returncode)
            self.proc = None
            self.started = False
        return self.proc is not None

    def online(self):
        return self.running() and self.started and not self.frozen

    def start(self):
        if self.running():
            return
        log = open(self.profile + ".log", "ab")
        self.proc = subprocess.Popen(
            [self.binary, "--profile", self.profile, "run", "--heartbeat", f"{self.heartbeat:g}"],
            env=self.env(), stdout=log, stderr=log)
        self.frozen = False
        self.started = False

    def wait_started(self, timeout=20):
        """Until the daemon holds the profile lock: a CLI command before that would run its own engine."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.running():
            try:
                with open(os.path.join(self.profile, "engine.lock")) as f:
                    if f.readline().strip() == str(self.proc.pid):
                        self.started = True
                        return True
            except OSError:
                pass
            time.sleep(0.2)
        return False

    def stop(self):
        """Offline: SIGTERM (the daemon saves resume data and exits), kill -9 if it hangs."""
        if not self.running():
            return
        self.generation += 1
        self.stopping = True
        if self.frozen:
            self.proc.send_signal(signal.SIGCONT)
            self.frozen = False
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None
        self.started = False
        self.stopping = False

    def freeze(self):
        """A frozen machine: SIGSTOP; its sockets stay open but nothing answers."""
        if self.running():
            self.generation += 1
            self.proc.send_signal(signal.SIGSTOP)
            self.frozen = True

    def thaw(self):
        if self.running() and self.frozen:
            self.proc.send_signal(signal.SIGCONT)
            self.frozen = False

    def depart(self):
        """A permanent departure: the machine is gone with everything on it."""
        if self.running():
            self.generation += 1
            self.stopping = True
            if self.frozen:
                self.proc.send_signal(signal.SIGCONT)
            self.proc.kill()
            self.proc.wait()
            self.proc = None
            self.stopping = False
        self.frozen = False
        self.departed = True
        shutil.rmtree(self.profile, ignore_errors=True)
