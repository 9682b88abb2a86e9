"""The production server under load: gunicorn (or granian, `--server granian`) on the loopback with PostgreSQL, N concurrent
logged-in clients per page for a bounded time, each page next to a minimal Django view measured
in the same run (same middleware, session and user lookup, no query of its own).

    .venv/bin/python bench/server_bench.py --db postgres://postgres:postgres@127.0.0.1:5432/phongthu_bench \
        --workers 3 --clients 16 --seconds 20

The database is bench/province.py's (fill it first: `province.py --people 1000000 --load`).
Pages: the person list of a province-staff user (1,000,000 people in reach) and of a commune
user, one person's page (its view is audited: one insert per request), the province's figures
dashboard of the year (phongthu.figures), the person API (50 rows) and the minimal view, which runs first and last to bracket the drift of a shared machine.
The load generator is one asyncio process (a new connection per request, as gunicorn's sync
workers close it); it shares the two cores with the server, so its own cost is in every figure.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import province  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def sessions(users: dict[str, object]) -> dict[str, str]:
    """A real login session per user (the database session store), as the browser would hold."""
    from django.conf import settings
    from django.test import Client

    cookies = {}
    for name, user in users.items():
        client = Client()
        client.force_login(user)
        cookies[name] = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return cookies


def pages() -> list[tuple[str, str, str]]:
    """(label, user, path) — the minimal view first and last."""
    from phongthu.people.crud import PersonCrud
    from phongthu.people.models import Person
    from phongthu.units.models import Unit

    hai_phong = Unit.objects.get(level="PROVINCE", code="31", valid_to__isnull=True)
    commune_id = province.communes()[0][0]
    person = Person.objects.filter(residence_unit_id=commune_id).order_by("pk").first()
    assert person is not None, "fill the database first (bench/province.py --load)"
    year = time.localtime().tm_year
    p, c = "bench-province", "bench-commune"
    return [
        ("minimal view", p, "/bench/minimal/"),
        ("person list, province", p, PersonCrud.url("list")),
        ("person list, commune user", c, PersonCrud.url("list")),
        ("person page", c, PersonCrud.url("detail", person.pk)),
        ("figures dashboard, province", p, f"/figures/{hai_phong.pk}/{year}/"),
        ("API people, 50 rows", c, "/api/v1/people/person/?limit=50"),
        ("minimal view (again)", p, "/bench/minimal/"),
    ]


async def one_request(port: int, path: str, cookie: str) -> tuple[int, float]:
    t0 = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n"
        "Accept-Language: vi\r\nConnection: close\r\n\r\n".encode()
    )
    await writer.drain()
    data = await reader.read()
    writer.close()
    elapsed = (time.perf_counter() - t0) * 1000
    status = int(data[9:12]) if data.startswith(b"HTTP/1.") else 0
    return status, elapsed


async def drive(port: int, path: str, cookie: str, clients: int, seconds: float) -> tuple[list[float], int, float]:
    times: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def client() -> None:
        nonlocal errors
        while time.perf_counter() < deadline:
            try:
                status, elapsed = await one_request(port, path, cookie)
            except OSError:
                errors += 1
                continue
            if status == 200:
                times.append(elapsed)
            else:
                errors += 1

    t0 = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return times, errors, time.perf_counter() - t0


# The production servers compared (issue 14: "gunicorn, or granian if it serves better"): the same
# WSGI application (config/wsgi.py), one process per worker, on the loopback.
SERVERS = {
    "gunicorn": lambda workers, port: [
        str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
        "--chdir", str(ROOT), "--log-level", "warning", "--timeout", "180",
    ],
    "granian": lambda workers, port: [
        str(ROOT / ".venv/bin/granian"), "--interface", "wsgi", "config.wsgi:application", "--workers", str(workers),
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-ws",
        "--blocking-threads", "1",
    ],
}  # fmt: skip


def wait_for_port(port: int, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited ({proc.returncode})")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit("the server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="postgres://postgres:postgres@127.0.0.1:5432/phongthu_bench")
    parser.add_argument("--port", type=int, default=8110)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--conn-max-age", type=int, default=60, help="DB_CONN_MAX_AGE for the server")
    parser.add_argument("--only", help="comma-separated page labels (prefixes) to run")
    parser.add_argument(
        "--server", choices=SERVERS, default="gunicorn", help="gunicorn (sync workers) or granian (WSGI, Rust)"
    )
    args = parser.parse_args()
    secret = secrets.token_urlsafe(50)
    env = {
        **os.environ,
        "DATABASE_URL": args.db,
        "DJANGO_SETTINGS_MODULE": "bench.server_settings",
        "DJANGO_SECRET_KEY": secret,  # the same key signs the sessions made here
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_DEBUG": "0",
        "PHONGTHU_SECURE_COOKIES": "0",
        "DB_CONN_MAX_AGE": str(args.conn_max_age),
        "PYTHONPATH": str(ROOT),
    }
    os.environ.update({k: env[k] for k in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DJANGO_DEBUG")})
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.server_settings"
    province.setup_django(args.db)
    from bench.import_bench import machine
    from bench.list_bench import users
    from phongthu.people.models import Person

    print(machine())
    print(f"{Person.objects.count():,} people; {args.server} --workers {args.workers}; {args.clients} clients; "
          f"{args.seconds:.0f} s per page; DB_CONN_MAX_AGE={args.conn_max_age}")  # fmt: skip
    cookies = sessions(users())
    plan = pages()
    if args.only:
        wanted = [w.strip() for w in args.only.split(",")]
        plan = [p for p in plan if p[0].startswith("minimal") or any(p[0].startswith(w) for w in wanted)]
    server = subprocess.Popen(SERVERS[args.server](args.workers, args.port), env=env, cwd=ROOT)
    try:
        wait_for_port(args.port, server)
        results = []
        for label, who, path in plan:
            status, _ = asyncio.run(one_request(args.port, path, cookies[who]))  # warm-up and check
            assert status == 200, (label, path, status)
            asyncio.run(drive(args.port, path, cookies[who], args.clients, 2))  # every worker warm
            before = load_average()
            times, errors, wall = asyncio.run(drive(args.port, path, cookies[who], args.clients, args.seconds))
            rate = len(times) / wall
            results.append((label, rate, times, errors, before, load_average()))
            print(
                f"{label:<34} {rate:7.1f} req/s  p50 {statistics.median(times):7.1f}  p95 {percentile(times, 0.95):7.1f}"
                f"  p99 {percentile(times, 0.99):7.1f} ms  errors {errors}  load {before} → {load_average()}",
                flush=True,
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    minimal = [r[1] for r in results if r[0].startswith("minimal")]
    base = statistics.mean(minimal)
    print(
        "\n| page | req/s | of minimal | p50 | p95 | p99 | errors | load avg |\n|---|---:|---:|---:|---:|---:|---:|---|"
    )
    for label, rate, times, errors, before, after in results:
        print(
            f"| {label} | {rate:.1f} | {rate / base:.0%} | {statistics.median(times):.0f} ms | "
            f"{percentile(times, 0.95):.0f} ms | {percentile(times, 0.99):.0f} ms | {errors} | {before} → {after} |"
        )


if __name__ == "__main__":
    main()
