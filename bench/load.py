"""Concurrent load on a running server, for bench/run. Prints one JSON object.

usage: BENCH_PASSWORD=... load.py SUBCOMMAND BASE_URL PID DB [options]

  signins   N people sign in through the form at once (ROUNDS times): the
            server's peak memory (VmHWM, reset first) and its RSS after
  xlsx      N signed-in people download the whole progress report as XLSX
            at once: the same memory figures
  mixed     readers on the dashboard, a filtered list and a commitment page,
            first quiet, then while one writer submits and accepts RATE
            updates a second through the JSON API and CHURN sessions sign in
            and out: p50 / p99 per page in each phase
  first     an accepted write through the API, then at once the dashboard
            (or the as-of dashboard): the time of the first request after a
            change, with the server running (REPEAT times each)

Accounts (made by bench/run): load-0@example.org, load-1@example.org, …
(donors) and load-writer-a@example.org, load-writer-b@example.org
(administrators; the server runs with --mfa off), one password for all.
Every client gets its own loopback source address (127.1.x.y), as people
signing in from their own machines would: the sign-in throttle counts per
address. Standard library only.
"""

import argparse
import http.client
import json
import multiprocessing
import os
import random
import sqlite3
import statistics
import sys
import threading
import time
import urllib.parse

PAGES = {
    "dashboard": "/",
    "list": "/commitments?pillar=2&country=KZ",
    "commitment": "/commitments/1",
}
ASOF = "/?as_of=2024-12-31"
STATUSES = ["not_started", "limited", "substantial", "complete"]
TIMEOUT = 3600


def source(i):
    """A loopback address of its own for client i (127.0.0.0/8 is all local)."""
    i += 1
    return (f"127.1.{i // 250}.{i % 250 + 1}", 0)


def connect(base, i=0):
    host = urllib.parse.urlsplit(base).netloc
    return http.client.HTTPConnection(host, timeout=TIMEOUT, source_address=source(i))


def pct(xs, p):
    if not xs:
        return None
    xs = sorted(xs)
    k = min(len(xs) - 1, max(0, round(p / 100 * len(xs) + 0.5) - 1))
    return xs[k]


def summary(lat_ms):
    return {
        "n": len(lat_ms),
        "p50_ms": pct(lat_ms, 50),
        "p99_ms": pct(lat_ms, 99),
        "max_ms": max(lat_ms) if lat_ms else None,
    }


def status_counts(codes, ok):
    out = {"ok": 0, "503": 0, "other": 0}
    for c in codes:
        out["ok" if c in ok else "503" if c == 503 else "other"] += 1
    out["codes"] = {str(c): codes.count(c) for c in sorted(set(codes), key=str)}
    return out


# ---------------------------------------------------------------- memory
def proc_status(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmHWM", "VmRSS"):
                out[k] = int(v.split()[0])
    return out


def reset_peak(pid):
    """Writing 5 to clear_refs resets VmHWM to the current RSS (Linux ≥ 4.0)."""
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def measured(pid, burst):
    before = proc_status(pid)
    reset = reset_peak(pid)
    start = proc_status(pid)
    t0 = time.perf_counter()
    result = burst()
    took = time.perf_counter() - t0
    after = proc_status(pid)
    time.sleep(2)
    settled = proc_status(pid)
    result.update(
        {
            "seconds": round(took, 3),
            "hwm_reset": reset,
            "rss_before_kb": before["VmRSS"],
            "hwm_before_kb": start["VmHWM"],
            "hwm_after_kb": after["VmHWM"],
            "rss_after_kb": after["VmRSS"],
            "rss_settled_kb": settled["VmRSS"],
        }
    )
    return result


# ---------------------------------------------------------------- HTTP
def form_sign_in(conn, base, email, password):
    """POST /login as a browser would: (status, session cookie or None, ms)."""
    body = urllib.parse.urlencode({"email": email, "password": password, "next": "/"})
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Origin": base}
    t0 = time.perf_counter()
    conn.request("POST", "/login", body=body, headers=headers)
    resp = conn.getresponse()
    resp.read()
    ms = (time.perf_counter() - t0) * 1000
    cookie = None
    for k, v in resp.getheaders():
        if k.lower() == "set-cookie" and v.startswith("jpoa_session=") and not v.startswith("jpoa_session=;"):
            cookie = v.split(";", 1)[0]
    return resp.status, cookie, ms


def get(conn, path, cookie=None):
    """(status, bytes, ms) of a GET, its body read to the end."""
    headers = {"Cookie": cookie} if cookie else {}
    t0 = time.perf_counter()
    conn.request("GET", path, headers=headers)
    resp = conn.getresponse()
    n = 0
    while True:
        chunk = resp.read(1 << 16)
        if not chunk:
            break
        n += len(chunk)
    return resp.status, n, (time.perf_counter() - t0) * 1000


def api(conn, method, path, body, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    conn.request(method, path, body=json.dumps(body), headers=headers)
    resp = conn.getresponse()
    return resp.status, resp.read()


def api_token(base, email, password):
    conn = connect(base, 900)
    status, body = api(conn, "POST", "/api/v1/login", {"email": email, "password": password})
    conn.close()
    if status != 200:
        sys.exit(f"API sign-in of {email} answered {status}")
    return json.loads(body)["token"]


def session(base, i, password):
    conn = connect(base, i)
    status, cookie, _ = form_sign_in(conn, base, f"load-{i}@example.org", password)
    conn.close()
    if status != 303 or not cookie:
        sys.exit(f"sign-in of load-{i} answered {status}")
    return cookie


def together(n, work):
    """Runs work(i) in n threads released at the same moment; their results."""
    barrier = threading.Barrier(n)
    out = [None] * n

    def body(i):
        barrier.wait()
        out[i] = work(i)

    threads = [threading.Thread(target=body, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


# ---------------------------------------------------------------- writes
class Writer:
    """Submits an update through the API and accepts it (another account)."""

    def __init__(self, base, db, password):
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
            self.tracks = [r[0] for r in c.execute("SELECT id FROM tracks ORDER BY id")]
        today = time.strftime("%Y-%m-%d")
        self.periods = [
            f"{y}-H{h}" for y in range(2022, 2032) for h in (1, 2) if f"{y}-{'01' if h == 1 else '07'}-01" <= today
        ]
        self.author = api_token(base, "load-writer-a@example.org", password)
        self.reviewer = api_token(base, "load-writer-b@example.org", password)
        self.conn = connect(base, 901)
        self.base = base
        self.k = 0
        self.tag = f"load-{time.time_ns()}"

    def one(self):
        """(submit status, review status or None, ms for both)."""
        self.k += 1
        k = self.k
        body = {
            "period": self.periods[k % len(self.periods)],
            "status": STATUSES[k % len(STATUSES)],
            "narrative_en": f"{self.tag} write {k}",
        }
        t0 = time.perf_counter()
        try:
            track = self.tracks[(k * 7919) % len(self.tracks)]
            s, raw = api(self.conn, "POST", f"/api/v1/tracks/{track}/updates", body, self.author)
            r = None
            if s == 201:
                uid = json.loads(raw)["id"]
                r, _ = api(self.conn, "POST", f"/api/v1/updates/{uid}/review", {"decision": "accept"}, self.reviewer)
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = connect(self.base, 901)
            return -1, None, (time.perf_counter() - t0) * 1000
        return s, r, (time.perf_counter() - t0) * 1000


# ---------------------------------------------------------------- subcommands
def signins(a, password):
    def burst():
        codes, lat = [], []
        for _ in range(a.rounds):

            def one(i):
                conn = connect(a.base, i)
                try:
                    status, _, ms = form_sign_in(conn, a.base, f"load-{i}@example.org", password)
                except (OSError, http.client.HTTPException):
                    return -1, None
                finally:
                    conn.close()
                return status, ms

            for status, ms in together(a.n, one):
                codes.append(status)
                if ms is not None:
                    lat.append(ms)
        return {"statuses": status_counts(codes, {303}), "latency": summary(lat), "n": a.n, "rounds": a.rounds}

    return measured(a.pid, burst)


def xlsx(a, password):
    cookie = session(a.base, 0, password)

    def burst():
        def one(i):
            conn = connect(a.base, i)
            try:
                return get(conn, "/reports/progress.xlsx", cookie)
            except (OSError, http.client.HTTPException):
                return -1, 0, None
            finally:
                conn.close()

        got = together(a.n, one)
        return {
            "statuses": status_counts([g[0] for g in got], {200}),
            "latency": summary([g[2] for g in got if g[2] is not None]),
            "bytes": max(g[1] for g in got),
            "n": a.n,
        }

    return measured(a.pid, burst)


def reader(args):
    """One reader process: the pages in turn until the deadline."""
    base, i, cookie, deadline = args
    conn = connect(base, i)
    lat = {k: [] for k in PAGES}
    errors = {k: 0 for k in PAGES}
    names = list(PAGES)
    j = i
    while time.time() < deadline:
        name = names[j % len(names)]
        j += 1
        try:
            status, _, ms = get(conn, PAGES[name], cookie)
        except (OSError, http.client.HTTPException):
            errors[name] += 1
            conn.close()
            conn = connect(base, i)
            continue
        if status == 200:
            lat[name].append(ms)
        else:
            errors[name] += 1
    conn.close()
    return lat, errors


def read_phase(pool, base, cookies, seconds):
    deadline = time.time() + seconds
    parts = pool.map(reader, [(base, i, c, deadline) for i, c in enumerate(cookies)])
    lat = {k: [] for k in PAGES}
    errors = {k: 0 for k in PAGES}
    for pl, pe in parts:
        for k in PAGES:
            lat[k] += pl[k]
            errors[k] += pe[k]
    return {k: dict(summary(lat[k]), errors=errors[k], per_s=round(len(lat[k]) / seconds, 1)) for k in PAGES}


def mixed(a, password):
    cookies = [session(a.base, i, password) for i in range(a.readers)]
    writer = Writer(a.base, a.db, password)
    for c in cookies:  # every page kept before the quiet phase starts
        conn = connect(a.base, 0)
        for p in PAGES.values():
            get(conn, p, c)
        conn.close()
    out = {"readers": a.readers, "seconds": a.seconds, "rate": a.rate, "churn": a.churn}
    with multiprocessing.Pool(a.readers) as pool:
        out["quiet"] = read_phase(pool, a.base, cookies, a.seconds)

        stop = threading.Event()
        writes = {"codes": [], "lat": [], "accepted": 0}

        def write_loop():
            interval = 1 / a.rate
            nxt = time.perf_counter()
            while not stop.is_set():
                s, r, ms = writer.one()
                writes["codes"].append(f"{s}/{r}")
                writes["lat"].append(ms)
                if s == 201 and r == 200:
                    writes["accepted"] += 1
                nxt = max(nxt + interval, time.perf_counter() - interval)
                delay = nxt - time.perf_counter()
                if delay > 0:
                    stop.wait(delay)

        churn = {"signin": [], "logout": [], "page": [], "lat": []}
        lock = threading.Lock()

        def one_session(k, start):
            i = a.first_churn + k
            time.sleep(max(0, start - time.perf_counter()))
            conn = connect(a.base, i)
            try:
                status, cookie, ms = form_sign_in(conn, a.base, f"load-{i}@example.org", password)
                with lock:
                    churn["signin"].append(status)
                    churn["lat"].append(ms)
                if not cookie:
                    return
                ps, _, _ = get(conn, "/", cookie)
                # Signed in for a while, then out: a quarter of the run at most.
                time.sleep(random.uniform(0, a.seconds / 4))
                ps2, _, _ = get(conn, PAGES["commitment"], cookie)
                conn.request("POST", "/logout", headers={"Cookie": cookie, "Origin": a.base, "Content-Length": "0"})
                resp = conn.getresponse()
                resp.read()
                with lock:
                    churn["page"] += [ps, ps2]
                    churn["logout"].append(resp.status)
            except (OSError, http.client.HTTPException):
                with lock:
                    churn["signin"].append(-1)
            finally:
                conn.close()

        t0 = time.perf_counter()
        # Sessions begin evenly over the first three quarters of the phase.
        span = a.seconds * 0.75
        churners = [
            threading.Thread(target=one_session, args=(k, t0 + k * span / max(1, a.churn))) for k in range(a.churn)
        ]
        w = threading.Thread(target=write_loop)
        w.start()
        for t in churners:
            t.start()
        out["loaded"] = read_phase(pool, a.base, cookies, a.seconds)
        took = time.perf_counter() - t0
        stop.set()
        w.join()
        for t in churners:
            t.join()
    out["writes"] = {
        "accepted": writes["accepted"],
        "per_s": round(writes["accepted"] / took, 1),
        "errors": sum(1 for c in writes["codes"] if c != "201/200"),
        "latency": summary(writes["lat"]),
    }
    out["sessions"] = {
        "signin": status_counts(churn["signin"], {303}),
        "signin_latency": summary(churn["lat"]),
        "pages": status_counts(churn["page"], {200}),
        "logout": status_counts(churn["logout"], {303}),
    }
    return out


def first(a, password):
    cookie = session(a.base, 0, password)
    writer = Writer(a.base, a.db, password)
    conn = connect(a.base, 0)
    out = {}
    for name, path in (("dashboard", "/"), ("asof", ASOF)):
        kept, fresh, errors = [], [], 0
        for _ in range(a.repeat):
            get(conn, path, cookie)
            status, _, ms = get(conn, path, cookie)  # kept: what it costs unchanged
            kept.append(ms)
            s, r, _ = writer.one()
            if (s, r) != (201, 200):
                errors += 1
            status, _, ms = get(conn, path, cookie)
            if status != 200:
                errors += 1
            fresh.append(ms)
        out[name] = {"first_ms": statistics.median(fresh), "all_ms": fresh, "kept_ms": statistics.median(kept), "errors": errors}
    conn.close()
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("cmd", choices=["signins", "xlsx", "mixed", "first"])
    p.add_argument("base")
    p.add_argument("pid", type=int)
    p.add_argument("db")
    p.add_argument("--n", type=int, default=64)
    p.add_argument("--rounds", type=int, default=1)
    p.add_argument("--readers", type=int, default=4)
    p.add_argument("--seconds", type=float, default=10)
    p.add_argument("--rate", type=float, default=20)
    p.add_argument("--churn", type=int, default=200)
    p.add_argument("--first-churn", type=int, default=64, help="first account number of the churned sessions")
    p.add_argument("--repeat", type=int, default=3)
    a = p.parse_args()
    password = os.environ["BENCH_PASSWORD"]
    out = {"signins": signins, "xlsx": xlsx, "mixed": mixed, "first": first}[a.cmd](a, password)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
