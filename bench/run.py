"""``make bench``: server time of the main pages and endpoints at small and city scale, on SQLite
and PostgreSQL, against a hand-written SQL floor.

For each database and scale this script makes a fresh database (a new SQLite file under
``var/bench/``; a new PostgreSQL database ``wushe_bench_<scale>``, dropped afterwards), migrates
it, runs ``generate_scale``, and then, in a subprocess with that database configured, runs every
scenario of ``bench/scenarios.py`` in-process through Django's test client: warm-ups, then N timed
requests, one more request to count SQL queries, and the scenario's floor SQL timed the same
way. Results go to ``bench/results.json`` and ``bench/results.md``.

PostgreSQL is used when ``BENCH_DATABASE_URL`` or ``DATABASE_URL`` names a PostgreSQL server (its
host and credentials are used, not its database) or when one answers at 127.0.0.1:5432 as user
``postgres``; ``--db sqlite`` skips it.

    .venv/bin/python bench/run.py                      # everything
    .venv/bin/python bench/run.py --scales small --db sqlite -n 10
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
VAR = ROOT / "var" / "bench"
LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"

TARGET_MEDIAN_MS = 100.0
TARGET_RATIO = 3.0

BASE_ENV = {
    "DJANGO_SETTINGS_MODULE": "wushe.settings",
    "DEBUG": "false",
    "WUSHE_INSECURE_DEV_KEY": "true",
    "HTTPS": "false",
    "ALLOWED_HOSTS": "testserver",
    "WUSHE_PLAIN_STATIC": "true",
    "LOG_LEVEL": "WARNING",
    "PYTHONWARNINGS": "ignore:No directory at:UserWarning",  # whitenoise: no collected static files here
}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- databases --------------------------------------------------------------------------------


@dataclass
class Database:
    vendor: str  # "sqlite" or "postgresql"
    server_url: str = ""  # PostgreSQL: where to create the bench databases

    def env(self, scale: str) -> dict[str, str]:
        if self.vendor == "sqlite":
            return {"SQLITE_PATH": str(VAR / f"{scale}.sqlite3")}
        return {"DATABASE_URL": self._url(f"wushe_bench_{scale}")}

    def _url(self, name: str) -> str:
        parts = urlsplit(self.server_url)
        return urlunsplit(parts._replace(path=f"/{name}"))

    def create(self, scale: str) -> None:
        if self.vendor == "sqlite":
            VAR.mkdir(parents=True, exist_ok=True)
            for suffix in ("", "-wal", "-shm"):
                (VAR / f"{scale}.sqlite3{suffix}").unlink(missing_ok=True)
            return
        self._admin(f"DROP DATABASE IF EXISTS wushe_bench_{scale} WITH (FORCE)")
        self._admin(f"CREATE DATABASE wushe_bench_{scale} ENCODING 'UTF8' TEMPLATE template0")

    def drop(self, scale: str) -> None:
        if self.vendor == "postgresql":
            self._admin(f"DROP DATABASE IF EXISTS wushe_bench_{scale} WITH (FORCE)")

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self._url("postgres"), autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql)


def postgres_server() -> str:
    """The PostgreSQL server to bench against, or '' if there is none."""
    for name in ("BENCH_DATABASE_URL", "DATABASE_URL"):
        url = os.environ.get(name, "")
        if url.startswith(("postgres://", "postgresql://")):
            return url
    try:
        import psycopg

        with psycopg.connect(LOCAL_POSTGRES, connect_timeout=2):
            return LOCAL_POSTGRES
    except Exception:  # any failure means: no local server to use
        return ""


def databases(wanted: list[str]) -> list[Database]:
    found = [Database("sqlite")] if "sqlite" in wanted else []
    if "postgresql" in wanted:
        server = postgres_server()
        if server:
            found.append(Database("postgresql", server))
        else:
            log("PostgreSQL: no server found (set BENCH_DATABASE_URL); benching SQLite only")
    return found


# --- orchestration ----------------------------------------------------------------------------


def run(cmd: list[str], env: dict[str, str], quiet: bool = True) -> None:
    """Run a step; its output is shown only if it fails (or always, unless ``quiet``)."""
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=quiet, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        if quiet:
            sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"failed: {' '.join(cmd)}")


def bench_one(db: Database, scale: str, args: argparse.Namespace) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SQLITE_PATH", "REDIS_URL")}
    env.update(BASE_ENV)
    env.update(db.env(scale))
    python = sys.executable
    db.create(scale)
    try:
        log(f"[{db.vendor} {scale}] migrate")
        run([python, "manage.py", "migrate", "--noinput", "-v0"], env)
        log(f"[{db.vendor} {scale}] generate_scale")
        started = time.perf_counter()
        run([python, "manage.py", "generate_scale", "--scale", scale], env)
        generate_seconds = time.perf_counter() - started
        log(f"[{db.vendor} {scale}] generated in {generate_seconds:.1f} s; measuring")
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "result.json"
            cmd = [python, str(BENCH_DIR / "run.py"), "--measure", str(out), "-n", str(args.n)]
            cmd += ["--warmups", str(args.warmups)]
            if args.only:
                cmd += ["--only", args.only]
            if args.sql:
                cmd += ["--sql"]
            run(cmd, env, quiet=False)
            result = json.loads(out.read_text(encoding="utf-8"))
    finally:
        if not args.keep:
            db.drop(scale)
    result.update(scale=scale, generate_seconds=round(generate_seconds, 1))
    return result


def machine() -> dict[str, Any]:
    import django

    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "cpu_count": os.cpu_count(),
        "cpu": cpu or platform.processor(),
        "platform": f"{platform.system()} {platform.machine()}",
        "python": platform.python_version(),
        "django": django.get_version(),
        "load_average": [round(x, 2) for x in os.getloadavg()],  # other work on the machine skews timings
    }


# --- measuring (in the subprocess, with the bench database configured) -------------------------


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def timed(page: Any, floor: Any, n: int, warmups: int) -> tuple[list[float], list[float]]:
    """Milliseconds of ``n`` calls of each, interleaved so that both see the same machine load."""
    for _ in range(warmups):
        page()
        floor()
    page_ms, floor_ms = [], []
    for _ in range(n):
        for fn, times in ((page, page_ms), (floor, floor_ms)):
            started = time.perf_counter()
            fn()
            times.append((time.perf_counter() - started) * 1000)
    return page_ms, floor_ms


def measure_one(scenario: Any, ctx: Any, get: Any, n: int, warmups: int, sql: bool) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.scenarios import run_floor

    floor = run_floor(scenario, ctx)
    scenario.check(ctx, get(), floor)
    with CaptureQueriesContext(connection) as captured:
        get()
    page_queries = [q["sql"] for q in captured]  # copied now: the next request clears the log
    with CaptureQueriesContext(connection) as captured:
        run_floor(scenario, ctx)
    floor_queries = [q["sql"] for q in captured]
    page_ms, floor_ms = timed(get, lambda: run_floor(scenario, ctx), n, warmups)
    median, floor_median = statistics.median(page_ms), statistics.median(floor_ms)
    return {
        "scenario": scenario.name,
        "description": scenario.description,
        "persona": scenario.persona,
        "url": scenario.url(ctx),
        "median_ms": round(median, 2),
        "p95_ms": round(p95(page_ms), 2),
        "queries": len(page_queries),
        "floor_median_ms": round(floor_median, 3),
        "floor_p95_ms": round(p95(floor_ms), 3),
        "floor_queries": len(floor_queries),
        "ratio": round(median / floor_median, 1) if floor_median else None,
        "matches": floor.count,
    } | ({"sql": page_queries} if sql else {})


def measure(out: Path, n: int, warmups: int, only: str, sql: bool) -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    from bench.scenarios import all_scenarios, prepare
    from wushe.accounts.models import User
    from wushe.grants.models import Grant
    from wushe.orgs.models import Organisation, Place
    from wushe.programmes.models import Programme
    from wushe.proposals.models import Proposal, ProposalVersion
    from wushe.reviews.models import ReviewAssignment
    from wushe.support.models import Event, SupportActivity

    ctx = prepare()
    rows = []
    for scenario in all_scenarios():
        if only and only.lower() not in scenario.name.lower():
            continue
        client = ctx.client(scenario.persona)
        url = scenario.url(ctx)
        headers = ctx.headers(scenario.persona)

        def get(
            client: Any = client, url: str = url, headers: dict[str, str] = headers, before: Any = scenario.before
        ) -> Any:
            if before is not None:
                before()
            response = client.get(url, **headers)
            if response.status_code != 200:
                raise AssertionError(f"HTTP {response.status_code}")
            return response

        try:
            row = measure_one(scenario, ctx, get, n, warmups, sql)
        except Exception as exc:  # a broken scenario is reported; the others still run
            log(f"  {scenario.name:28} ERROR {type(exc).__name__}: {exc}")
            rows.append({"scenario": scenario.name, "persona": scenario.persona, "url": url, "error": str(exc)[:500]})
            continue
        rows.append(row)
        median, queries, floor = row["median_ms"], row["queries"], row["floor_median_ms"]
        log(f"  {scenario.name:28} {median:8.2f} ms {queries:3d} queries   floor {floor:.3f} ms")
    if connection.vendor == "sqlite":
        import sqlite3

        version = f"SQLite {sqlite3.sqlite_version}"
    else:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = f"PostgreSQL {cursor.fetchone()[0]}"
    result = {
        "db": connection.vendor,
        "db_version": version,
        "counts": {
            "organisations": Organisation.objects.count(),
            "users": User.objects.count(),
            "places": Place.objects.count(),
            "programmes": Programme.objects.count(),
            "proposals": Proposal.objects.count(),
            "versions": ProposalVersion.objects.count(),
            "reviews": ReviewAssignment.objects.count(),
            "grants": Grant.objects.count(),
            "support_activities": SupportActivity.objects.count(),
            "events": Event.objects.count(),
        },
        "scenarios": rows,
    }
    out.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")


# --- reporting --------------------------------------------------------------------------------


def checks(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The targets: median ≤ 100 ms, ratio ≤ 3×, and the same query count at every scale."""
    found = []
    by_key: dict[tuple[str, str], dict[str, int]] = {}
    for r in runs:
        for s in r["scenarios"]:
            if "error" in s:
                found.append(
                    {"check": f"{s['scenario']} ({r['db']} {r['scale']}) runs", "ok": False, "detail": s["error"]}
                )
                continue
            by_key.setdefault((s["scenario"], r["db"]), {})[r["scale"]] = s["queries"]
    for (scenario, db), counts in by_key.items():
        if len(counts) > 1:
            same = len(set(counts.values())) == 1
            detail = ", ".join(f"{scale} {q}" for scale, q in counts.items())
            found.append({"check": f"same queries at every scale: {scenario} ({db})", "ok": same, "detail": detail})
    return found


def flags(s: dict[str, Any]) -> str:
    marks = []
    if s["median_ms"] > TARGET_MEDIAN_MS:
        marks.append("slow")
    if s["ratio"] is not None and s["ratio"] > TARGET_RATIO:
        marks.append(f"ratio>{TARGET_RATIO:g}")
    return "ok" if not marks else ", ".join(marks)


def markdown(report: dict[str, Any]) -> str:
    m = report["machine"]
    lines = [
        "# Bench results",
        "",
        f"{report['date']} · {m['cpu_count']} CPU ({m['cpu']}) · Python {m['python']} · Django {m['django']} · "
        + " · ".join(sorted({r["db_version"] for r in report["runs"]}))
        + f" · load average {m['load_average_at_start'][0]} at start, {m['load_average'][0]} at end",
        "",
        f"{report['repeats']} timed requests per row after {report['warmups']} warm-ups; server time in-process "
        "(Django test client), floor = hand-written SQL for the same data. Targets: median ≤ "
        f"{TARGET_MEDIAN_MS:g} ms, ratio ≤ {TARGET_RATIO:g}×, same query count at every scale.",
        "",
        "| scenario | db | scale | median ms | p95 ms | queries | floor ms | ratio | targets |",
        "|---|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in report["runs"]:
        for s in r["scenarios"]:
            if "error" in s:
                lines.append(f"| {s['scenario']} | {r['db']} | {r['scale']} | | | | | | error |")
                continue
            lines.append(
                f"| {s['scenario']} | {r['db']} | {r['scale']} | {s['median_ms']:.1f} | {s['p95_ms']:.1f} | "
                f"{s['queries']} | {s['floor_median_ms']:.2f} | {s['ratio']}× | {flags(s)} |"
            )
    lines += ["", "Data generated (generate_scale):", ""]
    for r in report["runs"]:
        c = r["counts"]
        lines.append(
            f"- {r['db']} {r['scale']}: {c['organisations']} organisations, {c['users']} users, "
            f"{c['places']} places, {c.get('programmes', 0)} programmes, {c.get('proposals', 0)} proposals "
            f"({c.get('versions', 0)} versions, {c.get('reviews', 0)} reviews), {c.get('grants', 0)} grants, "
            f"{c.get('support_activities', 0)} support activities, {c.get('events', 0)} events "
            f"in {r['generate_seconds']} s"
        )
    if report["checks"]:
        lines += ["", "Checks:", ""]
        lines += [f"- [{'x' if c['ok'] else ' '}] {c['check']}: {c['detail']}" for c in report["checks"]]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="small,city", help="comma-separated: small,city")
    parser.add_argument("--db", default="sqlite,postgresql", help="comma-separated: sqlite,postgresql")
    parser.add_argument("-n", type=int, default=30, help="timed requests per scenario")
    parser.add_argument("--warmups", type=int, default=3)
    parser.add_argument("--only", default="", help="only scenarios whose name contains this")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL bench databases")
    parser.add_argument("--sql", action="store_true", help="record the SQL of each page in results.json")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.n, args.warmups, args.only, args.sql)
        return
    load_before = [round(x, 2) for x in os.getloadavg()]
    runs = []
    for db in databases(args.db.split(",")):
        for scale in args.scales.split(","):
            runs.append(bench_one(db, scale, args))
    report = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine() | {"load_average_at_start": load_before},
        "repeats": args.n,
        "warmups": args.warmups,
        "targets": {"median_ms": TARGET_MEDIAN_MS, "ratio": TARGET_RATIO},
        "runs": runs,
        "checks": checks(runs),
    }
    (BENCH_DIR / "results.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    table = markdown(report)
    (BENCH_DIR / "results.md").write_text(table, encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()
