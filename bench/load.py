"""How the portal holds up under concurrent users. Prints latency, throughput, errors and queries per request.

Runs gunicorn (`itaportal.wsgi`, production settings: DEBUG=0) on a free loopback port against a PostgreSQL
database of synthetic agencies, logs in one staff user of each of N different agencies through the login
form, then drives each page with 20 concurrent clients (threads of the standard library: no extra packages),
each scenario bounded by a request count and a time limit, whichever comes first. Afterwards it runs the same
URLs in-process with Django's test client and counts the SQL queries of each.

Two phases, each over every page:
- users: 20 concurrent users who, like people, pause between actions (--think seconds on average, each pause
  drawn between half and one and a half times that);
- saturation: 20 clients that send their next request as soon as the last one is answered, which shows the
  most the machine can carry (on 2 CPUs shared with PostgreSQL and this load generator).

Pages: the login page, a staff user's dashboard, a measure page, saving the user's own round-12 report as a
draft (the form is read first for its CSRF token and version), the public page of a plan, and the public
measures PDF. Before timing, each page is requested once per user: pages and PDFs are cached until their plan
changes, and the time a first view takes to fill the cache is printed apart (for the PDF that is a render).

Goals: pages p95 < 100 ms at 20 concurrent users, cached PDF p95 < 50 ms, no errors.

Data (a scratch database; the save scenario writes drafts and history rows into it):

    createdb -h 127.0.0.1 -U postgres itaportal_loadbench8k
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/itaportal_loadbench8k .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/itaportal_loadbench8k \\
        .venv/bin/python manage.py generate_load_data --agencies 8000

Usage: .venv/bin/python bench/load.py [--users 20] [--concurrency 20] [--requests 1000] [--seconds 30]
                                       [--think 2] [--phase users|saturation|both] [--pages save,PDF]
                                       [--workers 4] [--worker-class sync|gthread] [--threads 4]
"""
from __future__ import annotations

import argparse
import concurrent.futures
import html
import http.client
import http.cookies
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/itaportal_loadbench8k"
YEAR = 2568
PASSWORD = "load-test-2568"
HOST = "127.0.0.1"
PAGE_GOAL_MS = 100.0
PDF_GOAL_MS = 50.0
MAKE_DATA = (
    "python manage.py generate_load_data --agencies 8000   "
    "(with DATABASE_URL set to this database, after `python manage.py migrate`)"
)

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION_FIELD = re.compile(r'<input[^>]*name="version"[^>]*>')
VALUE_ATTR = re.compile(r'value="([^"]*)"')


def server_environment(database_url: str, static_root: Path, cache_dir: Path, cache_url: str) -> dict[str, str]:
    """Production settings on loopback. SESSION_COOKIE_SECURE and CSRF_COOKIE_SECURE follow DEBUG and cannot be
    turned off: requests carry X-Forwarded-Proto: https (SECURE_PROXY_SSL_HEADER trusts it), and cookies are
    kept and sent by hand, since a cookie jar would not send Secure cookies over plain http."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "itaportal.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-load-secret-key-not-for-production-0123456789abcdef",
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "REQUEST_LOG_LEVEL": "WARNING",
        "LOG_LEVEL": "WARNING",
        # DEBUG=0 uses the manifest static storage: {% static %} needs a collectstatic output.
        "STATIC_ROOT": str(static_root),
        # One cache for all gunicorn workers (docs/operations.md, "One cache"): Redis when given, else a directory;
        # with the default per-process memory cache a page cached by one worker is still cold in the others.
        **({"CACHE_URL": cache_url} if cache_url else {"CACHE_DIR": str(cache_dir)}),
        "PYTHONPATH": str(ROOT),
    }


# --- data ------------------------------------------------------------------------------------------------


@dataclass
class VirtualUser:
    slug: str
    username: str
    report_url: str  # the user's own division's report on one measure, round 12
    cookies: dict[str, str] = field(default_factory=dict)


def check_data(users: int) -> list[VirtualUser]:
    """Virtual users spread over the synthetic agencies; exits 2 when the data is missing."""
    from django.db import DatabaseError

    from agencies.models import Membership, Role
    from measures.loaddata_synthetic import last_number, slug_for
    from measures.models import Plan, ProgressReport

    try:
        count = last_number()
        plans = Plan.objects.filter(
            organization__slug__startswith="load-", fiscal_year=YEAR, status=Plan.Status.PUBLISHED
        ).count() if count else 0
    except DatabaseError as error:
        print(f"The database is not reachable or not migrated: {str(error).strip()}", file=sys.stderr)
        count = plans = 0
    if count < users or plans < users:
        print(
            f"Not enough synthetic agencies with a published {YEAR} plan ({plans} found, {users} needed).\n"
            f"Make them with: {MAKE_DATA}",
            file=sys.stderr,
        )
        sys.exit(2)
    step = max(1, count // users)
    chosen = []
    for index in range(users):
        slug = slug_for(1 + index * step)
        username = f"{slug}-staff1"
        membership = Membership.objects.select_related("division").filter(
            user__username=username, organization__slug=slug, role=Role.STAFF
        ).first()
        report = (
            ProgressReport.objects.select_related("measure__theme")
            .filter(round__plan__organization__slug=slug, round__plan__fiscal_year=YEAR, round__months=12,
                    division_id=membership.division_id if membership else None)
            .order_by("measure__theme__number", "measure__number").first()
        )
        if membership is None or report is None:
            print(f"{slug}: no staff1 user or no round-12 report of its division. Make the data with: {MAKE_DATA}",
                  file=sys.stderr)
            sys.exit(2)
        measure = report.measure
        chosen.append(VirtualUser(
            slug=slug, username=username,
            report_url=f"/{slug}/{YEAR}/rounds/12/measures/{measure.theme.number}.{measure.number}/"
                       f"{membership.division_id}/",
        ))
    return chosen


# --- server ----------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def collectstatic(env: dict[str, str]) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput"], env=env, check=True,
                   capture_output=True, cwd=ROOT)


def start_gunicorn(env: dict, port: int, args, log_path: Path) -> subprocess.Popen:
    command = [
        str(VENV_BIN / "gunicorn"), "itaportal.wsgi", "--bind", f"{HOST}:{port}",
        "--workers", str(args.workers), "--worker-class", args.worker_class, "--timeout", "180",
        "--graceful-timeout", "5", "--log-level", "warning",
    ]
    if args.worker_class == "gthread":
        command += ["--threads", str(args.threads)]
    log = open(log_path, "wb")  # noqa: SIM115 (closed with the process)
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def stop_gunicorn(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_healthy(port: int, process: subprocess.Popen, log_path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({process.returncode}):\n{log_path.read_text()[-3000:]}")
        try:
            status, _, body = request(port, "GET", "/healthz", timeout=5)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"/healthz did not answer 200 within {timeout:.0f} s:\n{log_path.read_text()[-3000:]}")


# --- HTTP ------------------------------------------------------------------------------------------------


def request(port: int, method: str, path: str, *, cookies: dict[str, str] | None = None,
            form: dict[str, str] | None = None, timeout: float = 60) -> tuple[int, list[tuple[str, str]], bytes]:
    """One request on a new connection (gunicorn's sync workers close each connection anyway)."""
    headers = {"Host": f"{HOST}:{port}", "X-Forwarded-Proto": "https", "Accept-Language": "th"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        # Django's CSRF check on a secure request wants a same-origin Origin (or Referer).
        headers["Origin"] = f"https://{HOST}:{port}"
        headers["Referer"] = f"https://{HOST}:{port}{path}"
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def keep_cookies(jar: dict[str, str], headers: list[tuple[str, str]]) -> list[str]:
    """Stores the response's cookies in jar; returns their raw Set-Cookie lines."""
    lines = [value for name, value in headers if name.lower() == "set-cookie"]
    for line in lines:
        cookie = http.cookies.SimpleCookie()
        cookie.load(line)
        for name, morsel in cookie.items():
            if morsel["max-age"] == "0" or not morsel.value:
                jar.pop(name, None)
            else:
                jar[name] = morsel.value
    return lines


def csrf_from(body: bytes) -> str:
    match = CSRF_FIELD.search(body.decode("utf-8", "replace"))
    if not match:
        raise RuntimeError("no CSRF token in the page")
    return html.unescape(match.group(1))


def version_from(body: bytes) -> str:
    tag = VERSION_FIELD.search(body.decode("utf-8", "replace"))
    value = VALUE_ATTR.search(tag.group(0)) if tag else None
    if not value:
        raise RuntimeError("no version field in the report form")
    return value.group(1)


def login(port: int, user: VirtualUser) -> tuple[float, bool, list[str]]:
    """Logs the user in through the form; returns (seconds of the POST, ok, Set-Cookie lines of the POST)."""
    status, headers, body = request(port, "GET", "/accounts/login/")
    keep_cookies(user.cookies, headers)
    token = csrf_from(body)
    started = time.perf_counter()
    status, headers, _ = request(port, "POST", "/accounts/login/", cookies=user.cookies, form={
        "csrfmiddlewaretoken": token, "username": user.username, "password": PASSWORD, "next": "",
    })
    elapsed = time.perf_counter() - started
    lines = keep_cookies(user.cookies, headers)
    return elapsed, status == 302 and "sessionid" in user.cookies, lines


# --- scenarios -------------------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    goal_ms: float | None
    times: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: Counter = field(default_factory=Counter)
    wall: float = 0.0
    notes: list[str] = field(default_factory=list)

    def percentile(self, p: float) -> float:
        if not self.times:
            return float("nan")
        ordered = sorted(self.times)
        rank = max(0, min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1))
        return ordered[rank] * 1000

    @property
    def requests(self) -> int:
        return len(self.times)

    @property
    def rate(self) -> float:
        return self.requests / self.wall if self.wall else 0.0


def run_scenario(name: str, goal_ms: float | None, users: list[VirtualUser], concurrency: int, limit: int,
                 seconds: float, one: callable, think: float = 0.0) -> Result:
    """`concurrency` clients in closed loops; client i acts as users[i % len(users)]. `one(user)` makes one
    timed request and returns (seconds, ok, status); with `think`, clients start at random moments within one
    pause and pause for a random time around it after each request. Stops after `limit` requests or `seconds`."""
    result = Result(name, goal_ms)
    lock = threading.Lock()
    issued = 0
    deadline = time.monotonic() + seconds

    def client(index: int) -> None:
        nonlocal issued
        user = users[index % len(users)]
        pauses = random.Random(index)
        if think:  # users arrive over one pause, as people do, rather than all in the same instant
            time.sleep(pauses.uniform(0, think))
        while True:
            with lock:
                if issued >= limit or time.monotonic() >= deadline:
                    return
                issued += 1
            try:
                elapsed, ok, status = one(user)
            except Exception as error:  # noqa: BLE001 (counted, shown once)
                elapsed, ok, status = 0.0, False, type(error).__name__
            with lock:
                if elapsed:
                    result.times.append(elapsed)
                result.statuses[status] += 1
                if not ok:
                    result.errors += 1
            if think:
                time.sleep(min(pauses.uniform(think / 2, think * 1.5), max(0.0, deadline - time.monotonic())))

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(client, range(concurrency)))
    result.wall = time.perf_counter() - started
    return result


def first_views(users: list[VirtualUser], concurrency: int, one: callable) -> Result:
    """Each user's first request of a page, concurrently: the views that fill the cache."""
    result = Result("first view", None)
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=concurrency) as pool:
        for elapsed, ok, status in pool.map(one, users):
            result.times.append(elapsed)
            result.statuses[status] += 1
            result.errors += not ok
    result.wall = time.perf_counter() - started
    return result


def timed_get(port: int, path_of, *, expect: int = 200, authenticated: bool = True, pdf: bool = False):
    def one(user: VirtualUser):
        started = time.perf_counter()
        status, headers, body = request(port, "GET", path_of(user), cookies=user.cookies if authenticated else None)
        elapsed = time.perf_counter() - started
        ok = status == expect and (not pdf or body.startswith(b"%PDF"))
        return elapsed, ok, status
    return one


def save_draft(port: int, conflicts: Counter):
    """Reads the form (untimed) for its CSRF token and version, then times the POST of a draft. Each client owns
    its user's report (one client per user), so a 409 is unexpected and counts as an error."""
    def one(user: VirtualUser):
        status, headers, body = request(port, "GET", user.report_url, cookies=user.cookies)
        keep_cookies(user.cookies, headers)
        if status != 200:
            return 0.0, False, f"form {status}"
        form = {
            "csrfmiddlewaretoken": csrf_from(body), "version": version_from(body), "action": "save",
            "status": "in_progress", "percent": str(10 + int(time.time() * 1000) % 80),
            "done": "บันทึกร่างจากการทดสอบโหลด (ข้อมูลสังเคราะห์)", "result": "", "problems": "", "links": "",
        }
        started = time.perf_counter()
        status, headers, _ = request(port, "POST", user.report_url, cookies=user.cookies, form=form)
        elapsed = time.perf_counter() - started
        keep_cookies(user.cookies, headers)
        if status == 409:
            conflicts[user.slug] += 1
        return elapsed, status == 302, status
    return one


# --- queries per request ---------------------------------------------------------------------------------


SQL_LITERALS = re.compile(r"'(?:[^']|'')*'|\b\d+\b")


def shape(sql: str) -> str:
    return SQL_LITERALS.sub("?", sql)


def count_queries(users: list[VirtualUser]) -> list[tuple]:
    """Each page in-process with the test client, twice; the second (warm) run's queries are reported."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    user = users[0]
    account = get_user_model().objects.get(username=user.username)
    extra = {"HTTP_HOST": HOST, "HTTP_X_FORWARDED_PROTO": "https", "HTTP_ACCEPT_LANGUAGE": "th"}
    anonymous = Client(**extra)
    staff = Client(**extra)
    staff.force_login(account)
    base = f"/{user.slug}/{YEAR}/"
    public = f"/public/{user.slug}/{YEAR}/"

    pages = [
        ("login page", lambda: anonymous.get("/accounts/login/"), 200),
        ("dashboard", lambda: staff.get(base), 200),
        ("measure page", lambda: staff.get(base + "measures/1.1/"), 200),
        ("report form (GET)", lambda: staff.get(user.report_url), 200),
        ("progress save (POST)", None, 302),
        ("public page", lambda: anonymous.get(public), 200),
        ("cached PDF", lambda: anonymous.get(public + "measures.pdf"), 200),
    ]
    rows = []
    for name, call, expect in pages:
        for _ in range(2):
            if call is None:
                # Only the POST is counted: the form is read before, outside the capture.
                page = staff.get(user.report_url)
                data = {
                    "version": version_from(page.content), "action": "save", "status": "in_progress",
                    "percent": "40", "done": "บันทึกร่างจากการทดสอบโหลด (ข้อมูลสังเคราะห์)", "result": "",
                    "problems": "", "links": "",
                }
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = staff.post(user.report_url, data)
                    elapsed = time.perf_counter() - started
            else:
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = call()
                    elapsed = time.perf_counter() - started
        if response.status_code != expect:
            name += f" (status {response.status_code}!)"
        repeated = Counter(shape(q["sql"]) for q in queries.captured_queries)
        top = [(n, sql) for sql, n in repeated.most_common(3) if n > 1]
        captured = queries.captured_queries
        sql_ms = sum(float(q["time"]) for q in captured) * 1000
        slowest = sorted(captured, key=lambda q: float(q["time"]), reverse=True)[:2]
        rows.append((name, len(captured), top, elapsed * 1000, sql_ms,
                     [(float(q["time"]) * 1000, q["sql"]) for q in slowest]))
    return rows


# --- report ----------------------------------------------------------------------------------------------


def print_table(results: list[Result]) -> None:
    header = ["page", "requests", "errors", "p50 ms", "p95 ms", "max ms", "req/s", "goal"]
    rows = []
    for r in results:
        if r.goal_ms is None:
            goal = "(no goal)"
        else:
            met = r.errors == 0 and r.requests > 0 and r.percentile(95) < r.goal_ms
            goal = f"p95<{r.goal_ms:.0f}: {'met' if met else 'MISSED'}"
        rows.append([r.name, str(r.requests), str(r.errors), f"{r.percentile(50):.1f}", f"{r.percentile(95):.1f}",
                     f"{max(r.times) * 1000 if r.times else float('nan'):.1f}", f"{r.rate:.1f}", goal])
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(header)]
    line = lambda cells: "| " + " | ".join(  # noqa: E731
        c.ljust(w) if i in (0, 7) else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))) + " |"
    print(line(header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print(line(row))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20, help="virtual users, one per agency (default 20)")
    parser.add_argument("--concurrency", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--requests", type=int, default=1000,
                        help="requests per scenario and phase at most (default 1000)")
    parser.add_argument("--seconds", type=float, default=30,
                        help="seconds per scenario and phase at most (default 30)")
    parser.add_argument("--think", type=float, default=2.0,
                        help="mean pause between a user's actions in the users phase, seconds (default 2)")
    parser.add_argument("--cache-url", default="redis://127.0.0.1:6379/14",
                        help="the shared cache (emptied first); '' for a directory instead (default: local Redis, db 14)")
    parser.add_argument("--phase", choices=["users", "saturation", "both"], default="both")
    parser.add_argument("--pages", default="",
                        help="only the pages whose names contain one of these comma-separated words, e.g. save,PDF")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync")
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker (default 4)")
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    with tempfile.TemporaryDirectory(prefix="itaportal-load-") as tmp:
        folder = Path(tmp)
        env = server_environment(database_url, folder / "static", folder / "cache", args.cache_url)
        os.environ.update({k: v for k, v in env.items() if k not in ("PYTHONPATH",)})
        sys.path.insert(0, str(ROOT))
        import django
        django.setup()
        from django.core.cache import cache
        cache.clear()  # start cold: the first views below fill it

        users = check_data(args.users)
        print(f"Database: {database_url}; {len(users)} virtual users ({users[0].username} … {users[-1].username}), "
              f"{args.concurrency} concurrent clients, at most {args.requests} requests or {args.seconds:.0f} s "
              f"per scenario; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} before the run.")
        collectstatic(env)
        port = free_port()
        log_path = folder / "gunicorn.log"
        threads = f" x {args.threads} threads" if args.worker_class == "gthread" else ""
        print(f"gunicorn itaportal.wsgi on {HOST}:{port}: {args.workers} {args.worker_class} workers{threads}")
        process = start_gunicorn(env, port, args, log_path)
        phase_results: list[tuple[str, list[Result]]] = []
        conflicts: Counter = Counter()
        try:
            wait_healthy(port, process, log_path)

            # Log in every virtual user once, concurrently; the POST times are shown but have no goal
            # (password hashing is slow on purpose).
            logins = Result("login POST (once per user)", None)
            started = time.perf_counter()
            with concurrent.futures.ThreadPoolExecutor(max_workers=args.concurrency) as pool:
                outcomes = list(pool.map(lambda u: login(port, u), users))
            logins.wall = time.perf_counter() - started
            for elapsed, ok, _ in outcomes:
                logins.times.append(elapsed)
                logins.errors += not ok
            session_line = next((line for line in outcomes[0][2] if line.startswith("sessionid=")), "none")
            print("Session cookie as set by the login response: "
                  + re.sub(r"sessionid=[^;]+", "sessionid=…", session_line))
            if logins.errors:
                print(f"{logins.errors} logins failed; gunicorn log:\n{log_path.read_text()[-3000:]}")
                return 1

            limit, seconds, n = args.requests, args.seconds, args.concurrency
            scenarios = [
                ("login page", PAGE_GOAL_MS, timed_get(port, lambda u: "/accounts/login/", authenticated=False)),
                ("dashboard", PAGE_GOAL_MS, timed_get(port, lambda u: f"/{u.slug}/{YEAR}/")),
                ("measure page", PAGE_GOAL_MS, timed_get(port, lambda u: f"/{u.slug}/{YEAR}/measures/1.1/")),
                ("progress save (POST)", PAGE_GOAL_MS, save_draft(port, conflicts)),
                ("public page", PAGE_GOAL_MS,
                 timed_get(port, lambda u: f"/public/{u.slug}/{YEAR}/", authenticated=False)),
                ("cached PDF", PDF_GOAL_MS,
                 timed_get(port, lambda u: f"/public/{u.slug}/{YEAR}/measures.pdf", authenticated=False, pdf=True)),
            ]
            phases = [
                (f"users: {n} concurrent users pausing {args.think:g} s on average between actions", args.think),
                (f"saturation: {n} concurrent clients without pauses", 0.0),
            ]
            phases = [phase for phase in phases if args.phase in ("both", phase[0].split(":")[0])]
            scenarios = [s for s in scenarios if not args.pages or any(p in s[0] for p in args.pages.split(","))]
            for title, think in phases:
                print(f"Phase {title}:")
                results = []
                for name, goal, one in scenarios:
                    # A save changes its plan, and the plan's pages are built again on their next view: each
                    # scenario is timed after one view per user, whose times are shown apart.
                    first = first_views(users, n, one)
                    result = run_scenario(name, goal, users, n, limit, seconds, one, think=think)
                    results.append(result)
                    print(f"  {name}: first views p50 {first.percentile(50):.0f} ms, max "
                          f"{max(first.times) * 1000:.0f} ms; then {result.requests} requests in {result.wall:.1f} s, "
                          f"statuses {dict(result.statuses + first.statuses)}", flush=True)
                    result.errors += first.errors
                phase_results.append((title, results))
        finally:
            stop_gunicorn(process)

        for title, results in phase_results:
            print()
            print(f"Phase {title} (gunicorn {args.workers} {args.worker_class} workers{threads}, loopback, load "
                  "generator on the same machine):")
            print()
            print_table(results)
            print()
            goal_rows = [r for r in results if r.goal_ms is not None]
            missed = [r.name for r in goal_rows
                      if not (r.errors == 0 and r.requests and r.percentile(95) < r.goal_ms)]
            pages_missed = [m for m in missed if m != "cached PDF"]
            total_errors = sum(r.errors for r in goal_rows)
            print(f"Goals: pages p95 < {PAGE_GOAL_MS:.0f} ms: "
                  f"{'met' if not pages_missed else 'MISSED (' + ', '.join(pages_missed) + ')'}; "
                  f"cached PDF p95 < {PDF_GOAL_MS:.0f} ms: {'MISSED' if 'cached PDF' in missed else 'met'}; "
                  f"no errors: {'met' if not total_errors else f'MISSED ({total_errors})'}")
        print()
        print(f"Login POST once per user (password hashing is slow on purpose; no goal): "
              f"p50 {logins.percentile(50):.0f} ms, max {max(logins.times) * 1000:.0f} ms, {logins.errors} errors")
        if conflicts:
            print(f"Unexpected 409 conflicts on save (counted as errors): {sum(conflicts.values())}")
        print(f"Load average after the run: {os.getloadavg()[0]:.2f} (2 CPUs shared by gunicorn, PostgreSQL "
              "and the load generator; anything else running makes these figures noisy).")

        print()
        print(f"Queries per request (in-process test client, same database, warm second run, {users[0].slug}):")
        print()
        for name, count, top, wall_ms, sql_ms, slowest in count_queries(users):
            print(f"  {name}: {count} queries, {sql_ms:.1f} ms in SQL of {wall_ms:.1f} ms in the view")
            for times, sql in top:
                print(f"      repeated {times} x {sql[:200]}")
            for ms, sql in slowest:
                if ms >= 5:
                    print(f"      slowest {ms:.1f} ms: {sql[:300]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
