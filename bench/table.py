"""Prints bench/run's results (size, key, value per line) as one Markdown table."""

import sys
from collections import defaultdict

vals = defaultdict(dict)
for line in open(sys.argv[1], encoding="utf-8"):
    parts = line.rstrip("\n").split("\t")
    if len(parts) == 3:
        vals[parts[0]][parts[1]] = parts[2]

sizes = sorted((s for s in vals if s != "all"), key=int)
once = vals.get("all", {})


def label(n):
    n = int(n)
    for div, suffix in ((1_000_000, "M"), (1_000, "k")):
        if n >= div and n % div == 0:
            return f"{n // div}{suffix} updates"
    return f"{n} updates"


def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def ms(v):
    """wrk latency ("812.00us", "1.52ms", "2.01s") in milliseconds."""
    if not v:
        return None
    for unit, f in (("us", 0.001), ("ms", 1.0), ("m", 60_000.0), ("s", 1000.0)):
        if v.endswith(unit):
            return float(v[: -len(unit)]) * f
    return None


def fmt(x, digits=None):
    if x is None:
        return "–"
    if digits is None:
        digits = 0 if x >= 100 else 1 if x >= 10 else 2 if x >= 1 else 3
    return f"{x:,.{digits}f}"


def ratio(a, b):
    if a is None or not b:
        return "–"
    r = a / b
    return f"{r:.3f}×" if r < 0.1 else f"{r:.2f}×"


rows = []


def row(name, f):
    rows.append([name] + [f(vals[s]) for s in sizes])


row("accepted updates (rows exported)", lambda v: fmt(num(v.get("accepted")), 0))
row("database size (MB)", lambda v: fmt(num(v.get("db_bytes")) / 1e6 if v.get("db_bytes") else None))
row("`demo-data` build (s)", lambda v: fmt(num(v.get("build_ms")) / 1000 if v.get("build_ms") else None))
row("cold start: `serve` to `/healthz` (ms)", lambda v: fmt(num(v.get("cold_ms")), 0))

e = lambda v, k: num(v.get(f"export.{k}"))  # noqa: E731
row("export `progress`: ours (s)", lambda v: fmt(e(v, "ours")))
row("export: `sqlite3` shell, same SELECT (floor, s)", lambda v: fmt(e(v, "sqlite3")))
row("**ours ÷ floor** (target ≤ 1.5×)", lambda v: ratio(e(v, "ours"), e(v, "sqlite3")))
row("export: Datasette CSV stream (peer, s)", lambda v: fmt(e(v, "datasette")))
row("**Datasette ÷ ours** (target ≥ 10×)", lambda v: ratio(e(v, "datasette"), e(v, "ours")))
row(
    "export peak RSS: ours / `sqlite3` (MB; target < 64)",
    lambda v: f"{fmt(num(v.get('rss_kb.ours', 0)) / 1024)} / {fmt(num(v.get('rss_kb.floor', 0)) / 1024)}",
)


def page(key, vs_healthz=True):
    def f(v):
        rps = num(v.get(f"{key}.rps"))
        if rps is None:
            return "–"
        out = f"{fmt(rps, 0)}/s · {fmt(ms(v.get(f'{key}.p50')))} / {fmt(ms(v.get(f'{key}.p99')))} ms"
        if vs_healthz:
            out += f" · **{ratio(rps, num(v.get('healthz.rps')))}**"
        return out

    return f


row("`/healthz` (floor): req/s · p50 / p99", page("healthz", False))
row("`/` dashboard: req/s · p50 / p99 · ÷ healthz", page("dashboard"))
row("`/commitments?pillar=2&country=KZ`", page("list"))
row("`/commitments/1`", page("commitment"))
row("`/?as_of=2024-12-31`", page("asof"))
row(
    "first request after start, nothing kept (ms): dashboard / list / commitment / as-of",
    lambda v: " / ".join(
        fmt(num(v.get(f"{k}.first_ms"))) for k in ("dashboard", "list", "commitment", "asof")
    ),
)
row("Datasette JSON of the same matrix (peer)", page("datasette_matrix", False))
row(
    "**our dashboard ÷ Datasette matrix** (req/s)",
    lambda v: ratio(num(v.get("dashboard.rps")), num(v.get("datasette_matrix.rps"))),
)
row(
    "page errors (non-2xx, socket)",
    lambda v: fmt(
        sum(num(v.get(f"{k}.errors")) or 0 for k in ("healthz", "dashboard", "list", "commitment", "asof")), 0
    ),
)


def at_write_size(f):
    return lambda v: f(v) if "writes.submit_rate" in v else ""


row(
    "API submissions, 16 clients: accepted/s · errors · lost",
    at_write_size(
        lambda v: f"{fmt(num(v['writes.submit_rate']), 0)}/s · {v['writes.submit_errors']} · {v['writes.submit_lost']}"
    ),
)
row(
    "API review decisions, 16 clients: /s · errors · lost",
    at_write_size(
        lambda v: f"{fmt(num(v['writes.review_rate']), 0)}/s · {v['writes.review_errors']} · {v['writes.review_lost']}"
    ),
)
# ---- issue 16: XLSX against CSV, memory under concurrency, the mixed workload
def mb(v, key):
    kb = num(v.get(key))
    return None if kb is None else kb / 1024


def xlsx_cli(v):
    if "xlsx.error" in v:
        return f"refused: {v['xlsx.error']}"
    if "xlsx.xlsx_s" not in v:
        return "–"
    return (
        f"{fmt(num(v['xlsx.xlsx_s']))} s / {fmt(num(v.get('xlsx.csv_s')))} s · "
        f"{fmt(mb(v, 'rss_kb.xlsx'))} / {fmt(mb(v, 'rss_kb.csv'))} MB · {fmt(num(v.get('rows.xlsx')), 0)} rows"
    )


row("export `progress` as XLSX / CSV: time · peak RSS · rows in the sheet", xlsx_cli)
row("**XLSX ÷ CSV export time** (target ≤ 4×)", lambda v: ratio(num(v.get("xlsx.xlsx_s")), num(v.get("xlsx.csv_s"))))
row("**XLSX export peak RSS ÷ 64 MB** (target ≤ 1×)", lambda v: ratio(mb(v, "rss_kb.xlsx"), 64))


def burst(key, ok):
    def f(v):
        p = f"load.{key}."
        if p + "hwm_after_kb" not in v:
            return "–"
        return (
            f"{fmt(mb(v, p + 'hwm_after_kb'))} / {fmt(mb(v, p + 'rss_after_kb'))} / {fmt(mb(v, p + 'rss_settled_kb'))} MB"
            f" (before {fmt(mb(v, p + 'rss_before_kb'))}) · {v.get(p + 'statuses.ok')} {ok} / "
            f"{v.get(p + 'statuses.503')} 503 / {v.get(p + 'statuses.other')} other · "
            f"p50 {fmt(num(v.get(p + 'latency.p50_ms')))} / max {fmt(num(v.get(p + 'latency.max_ms')))} ms"
        )

    return f


n_signins = next((v["load.signins.n"] for v in vals.values() if "load.signins.n" in v), "64")
n_xlsx = next((v["load.xlsx.n"] for v in vals.values() if "load.xlsx.n" in v), "8")
row(f"{n_signins} sign-ins at once: server peak / RSS after / 2 s later · answers · time", burst("signins", "303"))
row(
    "**sign-ins peak ÷ 400 MB** (target < 1×)",
    lambda v: ratio(mb(v, "load.signins.hwm_after_kb"), 400),
)
row(f"{n_xlsx} whole-report XLSX downloads at once: the same", burst("xlsx", "200"))
row("**XLSX downloads peak ÷ 600 MB** (target < 1×)", lambda v: ratio(mb(v, "load.xlsx.hwm_after_kb"), 600))

MIXED = ("dashboard", "list", "commitment")


def mixed(phase):
    def f(v):
        p = f"load.mixed.{phase}."
        if p + "dashboard.p99_ms" not in v:
            return "–"
        errs = sum(num(v.get(p + f"{k}.errors")) or 0 for k in MIXED)
        return " · ".join(
            f"{fmt(num(v.get(p + f'{k}.p50_ms')))} / {fmt(num(v.get(p + f'{k}.p99_ms')))}" for k in MIXED
        ) + (f" · **{fmt(errs, 0)} errors**" if errs else "")

    return f


def mixed_label():
    v = next((v for v in vals.values() if "load.mixed.readers" in v), {})
    return v.get("load.mixed.readers", "4"), v.get("load.mixed.rate", "20"), v.get("load.mixed.churn", "200")


readers, rate, churn = mixed_label()
rate = rate.removesuffix(".0")
row(f"mixed, quiet ({readers} readers): dashboard · list · commitment p50 / p99 (ms)", mixed("quiet"))
row(f"mixed, {rate} accepted updates/s + {churn} sessions in and out: the same", mixed("loaded"))


def mixed_work(v):
    p = "load.mixed."
    if p + "writes.accepted" not in v:
        return "–"
    return (
        f"{fmt(num(v[p + 'writes.per_s']))}/s · {v[p + 'writes.errors']} errors; "
        f"sign-ins {v.get(p + 'sessions.signin.ok')} / {v.get(p + 'sessions.signin.503')} 503 / "
        f"{v.get(p + 'sessions.signin.other')} other, out {v.get(p + 'sessions.logout.ok')}"
    )


row("mixed: writes accepted/s · errors; sessions signed in (303 / 503 / other), out", mixed_work)


def p99(v, phase):
    return num(v.get(f"load.mixed.{phase}.dashboard.p99_ms"))


row(
    "**dashboard p99 loaded ÷ (3 × quiet p99 + 5 ms)** (target ≤ 1× at 100k)",
    lambda v: ratio(p99(v, "loaded"), 3 * p99(v, "quiet") + 5 if p99(v, "quiet") is not None else None),
)
row("**dashboard p99 loaded ÷ 20 ms** (target < 1× at 1M)", lambda v: ratio(p99(v, "loaded"), 20))
row(
    "first request after an accepted write, server running (ms, median of 3): dashboard / as-of",
    lambda v: " / ".join(fmt(num(v.get(f"load.first.{k}.first_ms"))) for k in ("dashboard", "asof")),
)
row(
    "**first request after a change ÷ 100 ms**: dashboard / as-of (target < 1× at 10M)",
    lambda v: " / ".join(ratio(num(v.get(f"load.first.{k}.first_ms")), 100) for k in ("dashboard", "asof")),
)

first = sizes[0] if sizes else None
rows.append(
    ["new database: create, migrate, seed to `/healthz` (ms)"]
    + [fmt(num(once.get("seed_ms")), 0) if s == first else "" for s in sizes]
)
rows.append(["`PRAGMA synchronous` of the server"] + [once.get("sync", "?") if s == first else "" for s in sizes])

print("| | " + " | ".join(label(s) for s in sizes) + " |")
print("|---|" + "---|" * len(sizes))
for r in rows:
    print("| " + " | ".join(r) + " |")
