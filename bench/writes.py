"""Sustained writes through the JSON API: CLIENTS threads submit updates for
SECONDS, then as many threads accept them (another account: never the author)
for at most SECONDS. Prints tab-separated results for bench/table.py and checks
in the database that no accepted write was lost.

usage: BENCH_PASSWORD=... writes.py BASE_URL CLIENTS SECONDS SIZE DB
Standard library only; one keep-alive connection per client.
"""

import http.client
import json
import os
import sqlite3
import sys
import threading
import time
import urllib.parse

base, clients, seconds, size, db = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5]
password = os.environ["BENCH_PASSWORD"]
host = urllib.parse.urlsplit(base).netloc
tag = f"bench-{time.time_ns()}"


def request(conn, method, path, body, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    conn.request(method, path, body=json.dumps(body), headers=headers)
    resp = conn.getresponse()
    return resp.status, resp.read()


def token(email):
    conn = http.client.HTTPConnection(host)
    status, body = request(conn, "POST", "/api/v1/login", {"email": email, "password": password})
    conn.close()
    if status != 200:
        sys.exit(f"API sign-in of {email} answered {status}")
    return json.loads(body)["token"]


with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
    tracks = [r[0] for r in c.execute("SELECT id FROM tracks ORDER BY id")]

# Only periods that have begun: a report for a later one is refused (422).
TODAY = time.strftime("%Y-%m-%d")
PERIODS = [
    f"{y}-H{h}" for y in range(2022, 2032) for h in (1, 2) if f"{y}-{'01' if h == 1 else '07'}-01" <= TODAY
]
STATUSES = ["not_started", "limited", "substantial", "complete"]


def run(n, work):
    """Runs `work(i, conn, out)` in n threads; returns (outs, seconds)."""
    outs = [{"ok": [], "errors": 0} for _ in range(n)]
    start = time.perf_counter()

    def body(i):
        conn = http.client.HTTPConnection(host)
        try:
            work(i, conn, outs[i])
        finally:
            conn.close()

    threads = [threading.Thread(target=body, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outs, time.perf_counter() - start


writers = [token("writer-a@example.org") for _ in range(clients)]
reviewers = [token("writer-b@example.org") for _ in range(clients)]


def submit(i, conn, out):
    deadline = time.perf_counter() + seconds
    k = 0
    while time.perf_counter() < deadline:
        k += 1
        body = {
            "period": PERIODS[(i + k) % len(PERIODS)],
            "status": STATUSES[k % len(STATUSES)],
            "narrative_en": f"{tag} client {i} write {k}",
        }
        try:
            status, raw = request(conn, "POST", f"/api/v1/tracks/{tracks[(i * 7919 + k) % len(tracks)]}/updates", body, writers[i])
        except (OSError, http.client.HTTPException):
            out["errors"] += 1
            conn.close()
            continue
        if status == 201:
            out["ok"].append(json.loads(raw)["id"])
        else:
            out["errors"] += 1


outs, took = run(clients, submit)
created = [u for o in outs for u in o["ok"]]
errors = sum(o["errors"] for o in outs)
with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
    stored = c.execute(
        "SELECT count(*) FROM updates WHERE narrative_en LIKE ? AND state = 'submitted'", (f"{tag} %",)
    ).fetchone()[0]
print(f"{size}\twrites.submitted\t{len(created)}")
print(f"{size}\twrites.submit_rate\t{len(created) / took:.1f}")
print(f"{size}\twrites.submit_errors\t{errors}")
print(f"{size}\twrites.submit_lost\t{len(created) - stored}")

# Reviews: each client accepts its own share of what was submitted.
shares = [created[i::clients] for i in range(clients)]


def review(i, conn, out):
    deadline = time.perf_counter() + seconds
    for uid in shares[i]:
        if time.perf_counter() >= deadline:
            break
        try:
            status, _ = request(conn, "POST", f"/api/v1/updates/{uid}/review", {"decision": "accept"}, reviewers[i])
        except (OSError, http.client.HTTPException):
            out["errors"] += 1
            conn.close()
            continue
        if status == 200:
            out["ok"].append(uid)
        else:
            out["errors"] += 1


outs, took = run(clients, review)
accepted = [u for o in outs for u in o["ok"]]
errors = sum(o["errors"] for o in outs)
with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
    stored = c.execute(
        "SELECT count(*) FROM updates WHERE narrative_en LIKE ? AND state = 'accepted'", (f"{tag} %",)
    ).fetchone()[0]
print(f"{size}\twrites.reviewed\t{len(accepted)}")
print(f"{size}\twrites.review_rate\t{len(accepted) / took:.1f}")
print(f"{size}\twrites.review_errors\t{errors}")
print(f"{size}\twrites.review_lost\t{len(accepted) - stored}")
