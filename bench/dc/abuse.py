#!/usr/bin/env python3
"""Hostile clients against a running amazingstore-dc on loopback, and the latency others see meanwhile.

  abuse.py PORT slowloris N SECONDS [--token T --object ID]   N sockets trickle a request head, one byte each
                                                              1.5 s (spread over 127.0.0.2-17), while /health and
                                                              (with a token) the metadata GET are timed
  abuse.py PORT abusive N SECONDS [--token T --object ID]     N clients in a loop: a 1 GiB request line, 50,000
                                                              headers, a 1 GiB body after the 413, and reconnects
  abuse.py PORT unloaded SECONDS [--token T --object ID]      the same timing with nobody else
  abuse.py PORT requestline MIB | headers COUNT | body413 MIB one attack once; prints what the DC answered
  abuse.py PORT rss PID                                       resident memory of PID (kB)

Latency lines: `health p50_ms p99_ms n ok` and `meta p50_ms p99_ms n ok`, one fresh connection per request
(what a new client sees). Used by bench/dc/run-abuse.sh; the numbers go to docs/benchmarks.md.
"""
import argparse
import multiprocessing
import resource
import socket
import threading
import time

resource.setrlimit(resource.RLIMIT_NOFILE, (resource.getrlimit(resource.RLIMIT_NOFILE)[1],) * 2)


def connect(port, src=None, timeout=10):
    s = socket.socket()
    s.settimeout(timeout)
    if src:
        s.bind((src, 0))
    s.connect(("127.0.0.1", port))
    return s


def answer(s, limit=1 << 16):
    data = b""
    try:
        while len(data) < limit:
            b = s.recv(65536)
            if not b:
                break
            data += b
            if b"\r\n\r\n" in data:
                head, _, body = data.partition(b"\r\n\r\n")
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:") and len(body) >= int(line.split(b":")[1]):
                        return data
    except OSError:
        pass
    return data


def status_of(data):
    try:
        return int(data.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return 0


def timed_get(port, path, token=None):
    """(total ms, answered 200, ms until connected). The TCP handshake is the kernel's alone (the DC accepts
    later), so a slow connect is the machine; the rest is the DC reading, serving and writing."""
    t0 = time.perf_counter()
    connected = t0
    try:
        s = connect(port, timeout=10)
        connected = time.perf_counter()
        auth = f"Authorization: Bearer {token}\r\n" if token else ""
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n{auth}Connection: close\r\n\r\n".encode())
        st = status_of(answer(s))
        s.close()
    except OSError:
        st = 0
    return (time.perf_counter() - t0) * 1000, st == 200, (connected - t0) * 1000


def probe(port, seconds, token, obj, stop):
    series = {"health": [], "meta": []}
    end = time.time() + seconds
    while time.time() < end and not stop.is_set():
        series["health"].append(timed_get(port, "/api/v1/health"))
        if token and obj:
            series["meta"].append(timed_get(port, f"/api/v1/objects/{obj}", token))
        time.sleep(0.02)
    for name, xs in series.items():
        if not xs:
            continue
        ms = sorted(x[0] for x in xs)
        conn = sorted(x[2] for x in xs)
        served = sorted(x[0] - x[2] for x in xs)
        p = lambda v, q: v[min(len(v) - 1, int(q * len(v)))]
        print(f"{name} p50 {p(ms, 0.5):.2f} ms p99 {p(ms, 0.99):.2f} ms max {ms[-1]:.1f} ms n {len(ms)} "
              f"ok {sum(x[1] for x in xs)} (connect p99 {p(conn, 0.99):.2f} ms, request-answer p99 {p(served, 0.99):.2f} ms)")


def slowloris(port, n, seconds, stop):
    # Non-blocking connects: a server with a short backlog must not slow the attacker down.
    socks = []
    for i in range(n):
        s = socket.socket()
        s.setblocking(False)
        s.bind((f"127.0.0.{2 + i % 16}", 0))  # 16 addresses: under the per-address cap
        s.connect_ex(("127.0.0.1", port))
        socks.append([s, False])
    t0 = time.time()
    while not stop.is_set():
        started = 0
        for entry in socks:
            s, begun = entry
            try:
                s.send(b"X" if begun else b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")
                entry[1] = True
            except OSError:
                pass
            started += entry[1]
        if time.time() - t0 < 2:
            stop.wait(0.2)
            continue
        print(f"slowloris: {started} of {n} sockets trickling", flush=True)
        t0 = float("inf")
        stop.wait(1.5)
    for s, _ in socks:
        s.close()


def flood(port, opening, piece, count, closing=b""):
    """Sends `opening`, then `piece` up to `count` times (until the DC closes), then `closing`; returns how
    many pieces went out and the status of the DC's answer."""
    s = connect(port)
    sent = 0
    try:
        s.sendall(opening)
        for _ in range(count):
            s.sendall(piece)
            sent += 1
        s.sendall(closing)
    except OSError:
        pass
    st = status_of(answer(s))
    s.close()
    return sent, st


def request_line(port, mib):
    sent, st = flood(port, b"GET /", b"a" * (1 << 20), mib)
    return f"requestline: sent {sent} of {mib} MiB, answer {st}"


def headers(port, count):
    line = b"X-Filler: " + b"a" * 8000 + b"\r\n"
    sent, st = flood(port, b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n", line, count, b"\r\n")
    return f"headers: sent {sent} of {count}, answer {st}"


def body413(port, mib):
    opening = f"POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: {mib << 20}\r\n\r\n".encode()
    sent, st = flood(port, opening, b"{" * (1 << 20), mib)
    return f"body413: sent {sent} of {mib} MiB, answer {st}"


def abusive(port, n, seconds, stop):
    def one(i):
        attacks = [lambda: request_line(port, 1024), lambda: headers(port, 50000), lambda: body413(port, 1024)]
        k = i
        while not stop.is_set():
            try:
                attacks[k % 3]()
            except OSError:
                pass
            k += 1
    threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(n)]
    for t in threads:
        t.start()
    return threads


def run_load(port, mode, n, seconds):
    stop = threading.Event()
    if mode == "slowloris":
        t = threading.Thread(target=slowloris, args=(port, n, seconds, stop), daemon=True)
        t.start()
    else:
        abusive(port, n, seconds, stop)
    time.sleep(seconds + 3)
    stop.set()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port", type=int)
    ap.add_argument("mode")
    ap.add_argument("args", nargs="*", type=int)
    ap.add_argument("--token")
    ap.add_argument("--object")
    a = ap.parse_args()
    stop = threading.Event()
    if a.mode == "rss":
        print(next(l.split()[1] for l in open(f"/proc/{a.args[0]}/status") if l.startswith("VmRSS")))
    elif a.mode == "requestline":
        print(request_line(a.port, a.args[0]))
    elif a.mode == "headers":
        print(headers(a.port, a.args[0]))
    elif a.mode == "body413":
        print(body413(a.port, a.args[0]))
    elif a.mode == "unloaded":
        probe(a.port, a.args[0], a.token, a.object, stop)
    elif a.mode in ("slowloris", "abusive"):
        # The load runs in its own process: in this one its threads would hold the GIL while the probe waits
        # to read its clock (10 flooding threads added up to ~100 ms to the probe's p99 that the DC never saw).
        load = multiprocessing.Process(target=run_load, args=(a.port, a.mode, a.args[0], a.args[1]), daemon=True)
        load.start()
        time.sleep(3 if a.mode == "slowloris" else 1)  # the sockets connect, the floods start
        probe(a.port, a.args[1], a.token, a.object, stop)
        load.terminate()
        load.join()
    elif a.mode in ("slowloris-only", "abusive-only"):  # the load alone (run-abuse.sh's throughput phases)
        run_load(a.port, a.mode.split("-")[0], a.args[0], a.args[1])

if __name__ == "__main__":
    main()
