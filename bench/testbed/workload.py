"""Uploads by their owners and downloads by link from online nodes; every download's bytes are compared
with the original."""

import json
import os
import random
import re
import shutil
import threading
import time


# Not the system's failure: the schedule took the requester away (stopped, frozen, gone) during its download.
INTERRUPTED = "requester stopped during the download (schedule)"


class Workload:
    def __init__(self, root, seed):
        self.root = root
        self.originals = os.path.join(root, "originals")
        os.makedirs(self.originals, exist_ok=True)
        self.rng = random.Random(seed)
        self.links = {}  # object → link
        self.uploaded_at = {}  # object → monotonic time the link came back
        self.owner = {}
        self.sizes = {}
        self.lock = threading.Lock()
        self.upload_failures = []
        self.closing = threading.Event()  # the schedule is over: uploads still waiting give up
        self.dc_up = lambda: True  # set by the driver: was the DC up when the request came
        # Set by the driver: replica holders of an object online now (the monitor's last sample), or None.
        self.holders_online = lambda obj: None
        self.node_online = lambda index: False
        self.requests = []  # dicts: object, requester, ok, reason, from_peers, from_dc, bytes, seconds, wrong_bytes

    def original(self, obj):
        return os.path.join(self.originals, f"o{obj}.bin")

    def upload(self, node, obj, size, patience):
        """Uploads on the owner's node; retried (DC outage, daemon starting, owner away) for `patience` real
        seconds from when it starts (uploads queue behind each other)."""
        deadline = time.monotonic() + patience
        path = self.original(obj)
        with open(path, "wb") as f:
            f.write(self.rng.randbytes(size) if hasattr(self.rng, "randbytes") else os.urandom(size))
        self.owner[obj] = node.index
        self.sizes[obj] = size
        err = "the owner's daemon was not running"
        while time.monotonic() < deadline and not self.closing.is_set():
            if node.online():
                code, out, err = node.cli(["upload", path], timeout=120)
                link = out.strip().splitlines()[-1] if out.strip() else ""
                if code == 0 and link:
                    with self.lock:
                        self.links[obj] = link
                        self.uploaded_at[obj] = time.monotonic()
                    return
            self.closing.wait(3)
        with self.lock:
            self.upload_failures.append({"object": obj, "owner": node.index, "error": err.strip()[:200]})

    def request(self, node, obj, sim_time):
        """One download by link on the requester's node, checked byte for byte."""
        record = {"object": obj, "requester": node.index, "sim_time": sim_time, "ok": False, "reason": "",
                  "from_peers": 0, "from_dc": 0, "bytes": 0, "seconds": 0.0, "wrong_bytes": 0,
                  "dc_up": self.dc_up(), "holders_online": self.holders_online(obj)}
        owner = self.owner.get(obj)
        # The replay's rule on the testbed's own state: a holder or the owner online (requests served by the
        # DC although this was true are the product's; the others are placement's; docs/testbed.md).
        record["owner_online"] = owner is not None and self.node_online(owner)
        with self.lock:
            link = self.links.get(obj)
        deadline = time.monotonic() + 20
        while node.running() and not node.online() and not node.frozen and time.monotonic() < deadline:
            time.sleep(0.2)  # its daemon is starting: the user waits for the app
        if link is None:
            record["reason"] = "object not uploaded (its upload had not finished or failed)"
        elif not node.online():
            record["reason"] = "requester's daemon not running (it crashed or did not start)"
        else:
            self._download(node, obj, link, record)
        with self.lock:
            self.requests.append(record)

    def _download(self, node, obj, link, record):
        out_dir = os.path.join(self.root, "downloads", f"r{len(self.requests)}-{node.index}-{time.monotonic_ns()}")
        os.makedirs(out_dir)
        started, generation = time.monotonic(), node.generation
        code, out, err = node.cli(["get", link, "-o", out_dir, "--json"], timeout=120)
        record["seconds"] = time.monotonic() - started
        if code != 0 and node.generation != generation:
            record["reason"] = INTERRUPTED
        elif code != 0:
            record["reason"] = _reason(err)
            record["detail"] = err.strip().splitlines()[-1][:300] if err.strip() else ""
        else:
            try:
                answer = json.loads(out)
                got = open(answer["path"], "rb").read()
            except (ValueError, KeyError, OSError) as e:
                record["reason"] = f"unreadable answer: {e}"
                got = None
            if got is not None:
                want = open(self.original(obj), "rb").read()
                record["wrong_bytes"] = sum(a != b for a, b in zip(got, want)) + abs(len(got) - len(want))
                record["ok"] = record["wrong_bytes"] == 0
                record["reason"] = "" if record["ok"] else "bytes differ from the original"
                record["bytes"] = len(got)
                record["from_peers"] = int(answer.get("from_peers", 0))
                record["from_dc"] = int(answer.get("from_dc", 0))
                record["dc_reason"] = answer.get("dc_reason", "")
        shutil.rmtree(out_dir, ignore_errors=True)


def _reason(stderr):
    """The CLI's one-line error without ids and numbers, so that equal causes count together."""
    line = stderr.strip().splitlines()[-1] if stderr.strip() else "no message"
    line = re.sub(r"[0-9a-f]{16,}", "ID", line)
    line = re.sub(r"\d+(\.\d+)?", "N", line)
    return line[:160]
