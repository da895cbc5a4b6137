"""How long `check_links --all` takes over thousands of agencies, and how much memory it holds. Prints figures.

Every synthetic agency (generate_load_data) gets its OIT workspace of 2568 (bulk) with a few evidence links,
all pointing at local threaded HTTP servers this script starts on loopback addresses 127.0.0.1 to 127.0.0.N
(N hosts, so that the per-host limit plays as it does across agencies' own servers): PDFs that open, 404s and
redirects (301 to a PDF). Then `check_links --all --year 2568` runs in a process of its own, whose wall time
and peak resident memory are printed with the URLs checked and the broken count. Nothing leaves this machine:
the only servers are the script's, and the run ends when every URL has been fetched once.

Data (a scratch database; this script replaces the synthetic agencies' evidence links and link statuses):

    createdb -h 127.0.0.1 -U postgres itaportal_linkbench8k
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/itaportal_linkbench8k .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/itaportal_linkbench8k \\
        .venv/bin/python manage.py generate_load_data --agencies 8000

Usage: .venv/bin/python bench/links.py [--links 3] [--hosts 8] [--agencies 0 (all)] [--concurrency 16]
                                       [--per-host 2]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/itaportal_linkbench8k"
YEAR = 2568
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + b"% evidence\n" * 400 + b"%%EOF\n"
# Of every 20 links: 16 open, 2 are gone (404), 2 are moved (301 to a PDF).
KINDS = ["doc"] * 16 + ["gone"] * 2 + ["moved"] * 2

CHILD = """
import os, sys, time
import django
django.setup()
from django.core.management import call_command
started = time.perf_counter()
code = 0
try:
    call_command("check_links", "--all", "--year", sys.argv[1])
except SystemExit as exit:
    code = exit.code
seconds = time.perf_counter() - started
# VmHWM is this process's own peak (getrusage's maxrss keeps the parent's across exec on Linux).
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(f"RESULT\\t{peak_kb / 1024}\\t{seconds}\\t{code}", file=sys.stderr)
"""


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status: int, body: bytes = b"", **headers) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        kind, _, rest = self.path.lstrip("/").partition("/")
        if kind == "doc":
            self.send(200, PDF, Content_Type="application/pdf")
        elif kind == "moved":
            self.send(301, Location=f"/doc/{rest}")
        else:
            self.send(404, b"<html><head><title>404 Not Found</title></head></html>", Content_Type="text/html")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def start_servers(hosts: int) -> list[Server]:
    servers = []
    for n in range(1, hosts + 1):
        server = Server((f"127.0.0.{n}", 0), Handler)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
        servers.append(server)
    return servers


def prepare(*, links: int, servers: list[Server], limit: int) -> tuple[int, int, dict]:
    """A 2568 workspace for every synthetic agency (made once), and fresh links to this run's servers."""
    from django.db import transaction

    from agencies.models import Organization
    from assessments.loading import framework_file, load_framework_file
    from measures.loaddata_synthetic import PREFIX
    from oit.models import EvidenceLink, LinkStatus, Workspace, WorkspaceItem
    from oit.services import oit_items

    framework = load_framework_file(framework_file(YEAR))
    items = list(oit_items(framework)[:links])
    organizations = list(Organization.objects.filter(slug__startswith=PREFIX).order_by("slug"))
    if limit:
        organizations = organizations[:limit]
    if not organizations:
        print("No synthetic agencies: make them with generate_load_data (see this file's docstring).", file=sys.stderr)
        sys.exit(2)
    with transaction.atomic():
        have = set(Workspace.objects.filter(year=YEAR).values_list("organization_id", flat=True))
        created = Workspace.objects.bulk_create(
            [Workspace(organization=org, year=YEAR, framework=framework)
             for org in organizations if org.pk not in have],
            batch_size=2000)
        first_division = dict(
            Organization.objects.filter(pk__in=[w.organization_id for w in created])
            .values_list("pk", "divisions__pk").order_by("pk", "-divisions__order"))
        WorkspaceItem.objects.bulk_create(
            [WorkspaceItem(workspace=w, item=item, division_id=first_division.get(w.organization_id))
             for w in created for item in oit_items(framework)], batch_size=5000)
        LinkStatus.objects.filter(organization__slug__startswith=PREFIX).delete()
        EvidenceLink.objects.filter(workspace_item__workspace__organization__slug__startswith=PREFIX).delete()
        workspace_items = {
            (org_id, item_id): pk for pk, org_id, item_id in WorkspaceItem.objects.filter(
                workspace__year=YEAR, workspace__organization__in=organizations, item__in=items,
            ).values_list("pk", "workspace__organization_id", "item_id")}
        rows, kinds = [], {"doc": 0, "gone": 0, "moved": 0}
        for number, org in enumerate(organizations):
            for order, item in enumerate(items):
                index = number * links + order
                kind = KINDS[index % len(KINDS)]
                host, port = servers[index % len(servers)].server_address
                kinds[kind] += 1
                rows.append(EvidenceLink(workspace_item_id=workspace_items[(org.pk, item.pk)], order=0,
                                         url=f"http://{host}:{port}/{kind}/{org.slug}-{item.code}.pdf"))
        EvidenceLink.objects.bulk_create(rows, batch_size=5000)
    return len(organizations), len(rows), kinds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--links", type=int, default=3, help="evidence links per agency (default 3)")
    parser.add_argument("--hosts", type=int, default=8, help="loopback hosts serving them (default 8)")
    parser.add_argument("--agencies", type=int, default=0, help="only the first N synthetic agencies (default all)")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--per-host", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=1800, help="stop the run after this long (default 1800)")
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "itaportal.settings", "DATABASE_URL": database_url, "DEBUG": "0",
        "SECRET_KEY": "bench-links-secret-key-not-for-production-0123456789", "LOG_LEVEL": "WARNING",
        "LINK_CHECK_ALLOW_PRIVATE": "1",  # the servers are on loopback
        "LINK_CHECK_CONCURRENCY": str(args.concurrency), "LINK_CHECK_PER_HOST": str(args.per_host),
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend", "PYTHONPATH": str(ROOT),
    }
    os.environ.update({k: v for k, v in env.items() if k != "PYTHONPATH"})
    sys.path.insert(0, str(ROOT))
    import django
    django.setup()

    servers = start_servers(args.hosts)
    try:
        started = time.perf_counter()
        agencies, urls, kinds = prepare(links=args.links, servers=servers, limit=args.agencies)
        print(f"Database: {database_url}; {agencies} agencies x {args.links} links = {urls} URLs on {args.hosts} "
              f"loopback hosts ({kinds}); prepared in {time.perf_counter() - started:.1f} s. "
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}.", flush=True)
        if args.agencies:
            print("Note: --all checks every agency in the database; only the first N have links.")
        result = subprocess.run([sys.executable, "-c", CHILD, str(YEAR)], cwd=ROOT, env=env, capture_output=True,
                                text=True, timeout=args.seconds)
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
    summary = next((line for line in result.stderr.splitlines() if line.startswith("RESULT\t")), None)
    if summary is None:
        print("check_links failed:\n" + result.stderr[-3000:], file=sys.stderr)
        return 1
    _, peak, seconds, code = summary.split("\t")
    checked = next((line.split()[0] for line in result.stderr.splitlines() if "URL(s) checked" in line), "?")
    broken = len(result.stdout.splitlines())
    expected = kinds["gone"]
    rows = [
        ("agencies", f"{agencies:,}"), ("URLs checked", f"{int(checked):,}" if checked.isdigit() else checked),
        ("broken (expected)", f"{broken:,} ({expected:,})"), ("wall time s", f"{float(seconds):.1f}"),
        ("URLs per second", f"{int(checked) / float(seconds):.0f}" if checked.isdigit() else "?"),
        ("peak memory MB", f"{float(peak):.0f}"), ("exit code", code),
        ("concurrency / per host", f"{args.concurrency} / {args.per_host}"),
    ]
    title = f"check_links --all --year {YEAR}"
    width = max(len(title), *(len(name) for name, _ in rows))
    right = max(len(value) for _, value in rows)
    print(f"| {title:{width}} | {'':>{right}} |")
    print(f"|{'-' * (width + 2)}|{'-' * (right + 2)}|")
    for name, value in rows:
        print(f"| {name:{width}} | {value:>{right}} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
