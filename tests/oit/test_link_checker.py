"""The link checker against real HTTP servers on loopback addresses: each kind of broken link classified,
internal addresses refused before any request, changes recorded, the command's lines and exit codes, the
per-host limit held, and the owners emailed once per breakage."""
from __future__ import annotations

import socket
import sys
import threading
import time
import urllib.parse
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from agencies.models import Role
from assessments.loading import framework_file, load_framework_file
from measures.models import ProgressReport
from oit import linkcheck
from oit.linkcheck import Checker, check_agency, is_internal
from oit.models import EvidenceLink, LinkEvent, LinkStatus
from oit.services import open_workspace
from tests.conftest import make_member

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + b"% evidence\n" * 200 + b"%%EOF\n"
TITLED = "<!doctype html><html><head><meta charset='utf-8'><title>{}</title></head><body>{}</body></html>"


class Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client that gave up (the slow page) is expected
            super().handle_error(request, client_address)


class Site:
    """A real HTTP/1.1 server in a thread, on an ephemeral port of a loopback address. It records every
    connection it accepts and every request, and the most requests it served at once."""

    def __init__(self, host: str = "127.0.0.1"):
        self.host, self.good = host, True
        self.lock = threading.Lock()
        self.paths: list[str] = []
        self.agents: set[str] = set()
        self.accepted = self.serving = self.most_serving = 0
        self.server = Server((host, 0), handler_for(self))
        self.server.verify_request = self.accept
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.server.server_address[1]}{path}"

    def accept(self, request, client_address) -> bool:
        with self.lock:
            self.accepted += 1
        return True

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def handler_for(site: Site):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def send(self, status: int, body: bytes = b"", content_type: str = "application/pdf", **headers):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def html(self, status: int, title: str, text: str = ""):
            self.send(status, TITLED.format(title, text).encode(), "text/html; charset=utf-8")

        def do_GET(self):
            path, _, query = self.path.partition("?")
            with site.lock:
                site.paths.append(path)
                site.agents.add(self.headers.get("User-Agent", ""))
            if path in ("/good.pdf", "/final.pdf", "/shared.pdf"):
                if site.good or path != "/good.pdf":
                    self.send(200, PDF)
                else:
                    self.html(404, "404 Not Found")
            elif path == "/page":
                self.html(200, "รายงานผลการดำเนินงาน ปี 2568", "ข้อมูลการดำเนินงานของหน่วยงาน")
            elif path == "/missing":
                self.html(404, "404 Not Found")
            elif path == "/r1":
                self.send(301, Location="/r2")
            elif path == "/r2":
                self.send(302, Location=site.url("/final.pdf"))
            elif path == "/loop":
                self.send(302, Location="/loop")
            elif path == "/to":
                self.send(302, Location=urllib.parse.parse_qs(query)["url"][0])
            elif path == "/slow":
                time.sleep(2.5)
                self.send(200, PDF)
            elif path == "/not-found-th":
                self.html(200, "ไม่พบหน้าที่ต้องการ", "ขออภัย ไม่พบหน้าที่ท่านต้องการ")
            elif path == "/not-found-en":
                self.html(200, "404 Not Found", "The requested URL was not found on this server.")
            elif path == "/empty":
                self.send(200, b"")
            elif path == "/empty-body":  # no length: the body ends when the connection closes, at once
                self.send_response(200)
                self.send_header("Content-Type", "application/pdf")
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
            elif path.startswith("/wait/"):
                with site.lock:
                    site.serving += 1
                    site.most_serving = max(site.most_serving, site.serving)
                time.sleep(0.25)
                with site.lock:  # counted down before the answer, so that the count never outlives the request
                    site.serving -= 1
                self.send(200, PDF)
            else:
                self.html(404, "404 Not Found")

    return Handler


@pytest.fixture
def site():
    server = Site()
    yield server
    server.close()


@pytest.fixture(autouse=True)
def loopback_only(settings, monkeypatch):
    """Tests talk to loopback servers only: the checker may fetch them, and any other host name fails as
    unknown before a name server is asked."""
    settings.LINK_CHECK_ALLOW_PRIVATE = True
    settings.LINK_CHECK_TIMEOUT = 1
    settings.LINK_CHECK_CONCURRENCY = 16
    settings.LINK_CHECK_PER_HOST = 2
    settings.SITE_URL = "https://ita.example.go.th"
    real = linkcheck.resolve

    def resolve(host, port):
        if host not in ("127.0.0.1", "127.0.0.2", "localhost"):
            raise linkcheck.UnknownHost(host)
        return real(host, port)

    monkeypatch.setattr(linkcheck, "resolve", resolve)


@pytest.fixture
def workspace(po):
    load_framework_file(framework_file(2568))
    ProgressReport.objects.update(links="")  # the checks below fetch only what each test adds
    return open_workspace(organization=po, year=2568)


def add_link(workspace, code: str, url: str, division=None) -> EvidenceLink:
    item = workspace.items.get(item__code=code)
    if division is not None:
        item.division = division
        item.save()
    return EvidenceLink.objects.create(workspace_item=item, url=url, order=item.links.count())


def check(url: str) -> linkcheck.Result:
    with Checker() as checker:
        return checker.check([url])[url]


def run_command(*args) -> tuple[int, list[str]]:
    out = StringIO()
    try:
        call_command("check_links", *args, stdout=out, stderr=StringIO())
        code = 0
    except SystemExit as exit:
        code = exit.code
    return code, out.getvalue().splitlines()


# --- classification ----------------------------------------------------------------------------------


def test_a_pdf_that_opens_works(site):
    result = check(site.url("/good.pdf"))

    assert (result.ok, result.status_code, result.reason) == (True, 200, "")
    assert site.agents == {"ITA-Portal-LinkChecker/1.0 (+https://ita.example.go.th)"}


def test_an_ordinary_html_page_works(site):
    assert check(site.url("/page")).ok


def test_a_missing_page_is_broken_with_its_status(site):
    result = check(site.url("/missing"))

    assert (result.ok, result.status_code, result.reason, result.label) == (False, 404, "404", "404")


def test_it_follows_a_chain_of_redirects_to_the_final_status(site):
    result = check(site.url("/r1"))

    assert (result.ok, result.status_code) == (True, 200)
    assert site.paths == ["/r1", "/r2", "/final.pdf"]


def test_it_gives_up_after_too_many_redirects(site, settings):
    settings.LINK_CHECK_MAX_REDIRECTS = 3
    result = check(site.url("/loop"))

    assert (result.ok, result.reason) == (False, "redirects")
    assert site.paths == ["/loop"] * 4


def test_a_server_slower_than_the_timeout_is_reported_as_timed_out(site):
    started = time.monotonic()
    result = check(site.url("/slow"))

    assert (result.ok, result.reason, result.label) == (False, "timeout", "หมดเวลา")
    assert time.monotonic() - started < 2.2


@pytest.mark.parametrize("path", ["/not-found-th", "/not-found-en"])
def test_a_200_page_that_says_not_found_is_an_error_page(site, path):
    result = check(site.url(path))

    assert (result.ok, result.status_code, result.reason) == (False, 200, "error_page")
    assert result.label == "หน้าแจ้งข้อผิดพลาด"


@pytest.mark.parametrize("path", ["/empty", "/empty-body"])
def test_an_empty_200_is_an_empty_file(site, path):
    result = check(site.url(path))

    assert (result.ok, result.status_code, result.reason, result.label) == (False, 200, "empty", "ไฟล์ว่าง")


def test_tls_to_a_server_that_speaks_no_tls_is_a_tls_error(site):
    result = check(site.url("/good.pdf").replace("http://", "https://"))

    assert (result.ok, result.reason, result.label) == (False, "tls", "TLS")


def test_a_host_that_does_not_resolve_is_domain_not_found(site):
    result = check("http://no-such-host.invalid/o1.pdf")

    assert (result.ok, result.reason, result.label) == (False, "dns", "ไม่พบโดเมน")


def test_a_name_servers_failure_is_an_unknown_host(monkeypatch):
    def fail(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", fail)
    with pytest.raises(linkcheck.UnknownHost):
        linkcheck.GuardedBackend(allow_private=False).connect_tcp("anything.example", 80)


def test_a_web_address_it_cannot_fetch_is_not_a_web_address():
    assert check("ftp://po.go.th/o1.pdf").reason == "bad_url"
    assert check("javascript:alert(1)").reason == "bad_url"


# --- internal addresses --------------------------------------------------------------------------------


@pytest.mark.parametrize("address", [
    "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
    "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fc00::1",
    "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
])
def test_it_counts_internal_addresses_as_internal(address):
    assert is_internal(address)


@pytest.mark.parametrize("address", ["1.1.1.1", "203.150.0.1", "2001:4860:4860::8888", "::ffff:1.1.1.1"])
def test_public_addresses_are_not_internal(address):
    assert not is_internal(address)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_an_internal_address_is_refused_before_any_request_reaches_it(site, settings, host):
    settings.LINK_CHECK_ALLOW_PRIVATE = False
    result = check(site.url("/good.pdf").replace("127.0.0.1", host))

    assert (result.ok, result.reason, result.label) == (False, "private", "ที่อยู่ภายใน")
    assert (site.accepted, site.paths) == (0, [])


def test_a_redirect_from_an_allowed_host_to_an_internal_address_is_refused(site, settings, monkeypatch):
    """127.0.0.2 stands in for a public host (nothing leaves this machine); it redirects to 127.0.0.1."""
    settings.LINK_CHECK_ALLOW_PRIVATE = False
    monkeypatch.setattr(linkcheck, "is_internal", lambda address: address != "127.0.0.2" and is_internal(address))
    public = Site("127.0.0.2")
    try:
        assert check(public.url("/good.pdf")).ok
        result = check(public.url("/to?url=" + urllib.parse.quote(site.url("/good.pdf"))))
    finally:
        public.close()

    assert (result.ok, result.reason) == (False, "private")
    assert public.paths == ["/good.pdf", "/to"]
    assert (site.accepted, site.paths) == (0, [])


# --- limits ------------------------------------------------------------------------------------------


def test_it_never_sends_a_host_more_requests_at_once_than_the_per_host_limit(site, settings, monkeypatch):
    """The servers count the requests they serve at once; the checker's own sockets are counted as they
    open and close (a server sees a closed connection a moment late, so it cannot count those exactly)."""
    settings.LINK_CHECK_CONCURRENCY = 3
    sockets, most, lock = Counter(), Counter(), threading.Lock()
    connect = linkcheck.GuardedBackend.connect_tcp

    def counted(self, host, port, *args, **kwargs):
        stream, close = connect(self, host, port, *args, **kwargs), None
        with lock:
            sockets[host] += 1
            most[host] = max(most[host], sockets[host])

        def closing():
            with lock:
                sockets[host] -= 1
            close()

        stream.close, close = closing, stream.close
        return stream

    monkeypatch.setattr(linkcheck.GuardedBackend, "connect_tcp", counted)
    other = Site("127.0.0.2")
    try:
        urls = [s.url(f"/wait/{n}") for n in range(8) for s in (site, other)]
        with Checker() as checker:
            results = checker.check(urls)
    finally:
        other.close()

    assert all(r.ok for r in results.values())
    assert (site.most_serving, other.most_serving) == (2, 2)
    assert max(most.values()) <= 2 and set(most) == {"127.0.0.1", "127.0.0.2"}
    assert len(site.paths) == len(other.paths) == 8


def test_a_url_checked_twice_in_a_run_is_fetched_once(site):
    with Checker() as checker:
        checker.check([site.url("/good.pdf"), site.url("/good.pdf")])
        checker.check([site.url("/good.pdf")])

    assert site.paths == ["/good.pdf"]


# --- recording -----------------------------------------------------------------------------------------


def test_a_second_run_records_the_change_and_when_it_broke(site, po, workspace):
    add_link(workspace, "O1", site.url("/good.pdf"))
    check_agency(po, year=2568)
    status = LinkStatus.objects.get(organization=po, url=site.url("/good.pdf"))
    assert (status.ok, status.status_code, status.broken_since, status.events.count()) == (True, 200, None, 1)

    site.good = False
    check_agency(po, year=2568)
    status.refresh_from_db()
    assert (status.ok, status.status_code, status.reason) == (False, 404, "404")
    assert status.broken_since == status.checked_at
    broke_at = status.broken_since
    assert [(e.ok, e.status_code) for e in status.events.all()] == [(False, 404), (True, 200)]

    check_agency(po, year=2568)
    status.refresh_from_db()
    assert status.broken_since == broke_at and status.checked_at > broke_at
    assert status.events.count() == 2

    site.good = True
    check_agency(po, year=2568)
    status.refresh_from_db()
    assert (status.ok, status.broken_since, status.events.count()) == (True, None, 3)


def test_a_link_broken_on_its_first_check_is_broken_since_then(site, po, workspace):
    add_link(workspace, "O2", site.url("/missing"))
    findings = check_agency(po, year=2568)

    status = LinkStatus.objects.get(organization=po)
    assert status.broken_since == status.checked_at
    assert LinkEvent.objects.filter(status=status, ok=False, status_code=404).count() == 1
    assert [(f.target.code, f.newly_broken) for f in findings] == [("O2", True)]


# --- the command -------------------------------------------------------------------------------------


@pytest.fixture
def links(site, po, workspace, plan):
    add_link(workspace, "O1", site.url("/good.pdf"))
    add_link(workspace, "O2", site.url("/missing"))
    add_link(workspace, "O3", site.url("/shared.pdf"))
    add_link(workspace, "O12", site.url("/not-found-th"))
    add_link(workspace, "O12", site.url("/shared.pdf"))
    return ProgressReport.objects.create(
        round=plan.rounds.get(months=6), measure=plan.measures.get(theme__number=1, number=3),
        division=po.divisions.get(name="สำนักปลัด"), status="in_progress", percent=50, done="เผยแพร่แล้ว",
        links=f"{site.url('/shared.pdf')}\n\n  {site.url('/empty')}  \n",
    )


def test_the_command_prints_each_broken_url_and_exits_1(site, links):
    code, lines = run_command("--org", "po", "--year", "2568")

    assert code == 1
    assert lines == [
        f"O2 {site.url('/missing')} 404",
        f"O12 {site.url('/not-found-th')} หน้าแจ้งข้อผิดพลาด",
        f"{links.measure.code} {site.url('/empty')} ไฟล์ว่าง",
    ]
    assert sorted(site.paths) == sorted(["/good.pdf", "/missing", "/shared.pdf", "/not-found-th", "/empty"])
    assert LinkStatus.objects.filter(organization__slug="po").count() == 5


def test_the_command_exits_0_when_every_link_works(site, po, workspace):
    add_link(workspace, "O1", site.url("/good.pdf"))
    add_link(workspace, "O2", site.url("/r1"))

    assert run_command("--org", "po", "--year", "2568") == (0, [])
    assert LinkStatus.objects.filter(organization=po, ok=True).count() == 2


def test_the_command_exits_2_for_an_unknown_agency(db):
    with pytest.raises(CommandError) as error:
        call_command("check_links", "--org", "nobody", stdout=StringIO())

    assert error.value.returncode == 2


def test_the_command_checks_only_the_year_asked_for(site, po, workspace):
    add_link(workspace, "O2", site.url("/missing"))

    assert run_command("--org", "po", "--year", "2569") == (0, [])
    assert site.paths == []


def test_all_checks_every_agency_and_names_it(site, po, workspace, other_org):
    add_link(workspace, "O2", site.url("/missing"))

    code, lines = run_command("--all")

    assert (code, lines) == (1, [f"po O2 {site.url('/missing')} 404"])


# --- the owners' email ---------------------------------------------------------------------------------


@pytest.fixture
def owners(po):
    palad = po.divisions.get(name="สำนักปลัด")
    for name in ("owner", "colleague"):
        user = make_member(name, po, Role.STAFF, palad)
        user.email = f"{name}@po.go.th"
        user.save()
    make_member("neighbour", po, Role.STAFF, po.divisions.get(name="กองคลัง")).save()
    return palad


def test_owners_are_emailed_once_when_a_link_of_their_item_breaks(site, po, workspace, owners):
    add_link(workspace, "O12", site.url("/good.pdf"), division=owners)
    add_link(workspace, "O13", site.url("/missing"), division=owners)
    add_link(workspace, "O14", site.url("/not-found-en"))  # nobody's item: nobody to tell

    check_agency(po, year=2568)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["colleague@po.go.th", "owner@po.go.th"]
    assert "สำนักปลัด" in message.subject
    assert f"O13: {site.url('/missing')} (404)" in message.body
    assert "O12" not in message.body and "O14" not in message.body
    assert "https://ita.example.go.th/po/2568/oit/" in message.body

    check_agency(po, year=2568)
    assert len(mail.outbox) == 1

    site.good = False
    check_agency(po, year=2568)
    assert len(mail.outbox) == 2
    assert f"O12: {site.url('/good.pdf')} (404)" in mail.outbox[1].body
    assert "O13" not in mail.outbox[1].body


def test_a_failed_email_leaves_the_breakage_to_report_again(site, po, workspace, owners, monkeypatch):
    add_link(workspace, "O13", site.url("/missing"), division=owners)
    send, down = mail.EmailMessage.send, [True]

    def send_unless_down(message, *args, **kwargs):
        if down[0]:
            raise ConnectionRefusedError("the mail server is down")
        return send(message, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMessage, "send", send_unless_down)
    with pytest.raises(ConnectionRefusedError):
        check_agency(po, year=2568)
    assert not LinkStatus.objects.exists()

    down[0] = False
    check_agency(po, year=2568)
    assert len(mail.outbox) == 1
