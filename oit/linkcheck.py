"""The link checker: whether each evidence URL of an agency still opens, before assessors open it.

A URL is fetched with GET (many servers answer HEAD wrongly), streamed, and only its first few KB are read.
Redirects are followed by hand, a bounded number of hops. Every connection goes through `GuardedBackend`,
which resolves the host itself, refuses the whole host when any of its addresses is internal (private,
loopback, link-local, multicast, reserved, unspecified) and then connects to the address it checked, so that
a redirect hop or a DNS answer that changes between the check and the connection cannot reach the
server's own network. `LINK_CHECK_ALLOW_PRIVATE` turns the rule off (tests, an intranet portal).

Threads rather than asyncio: the work is a few dozen blocking fetches at a time between ORM calls, name
resolution blocks anyway (asyncio would push getaddrinfo to threads), and a sync client keeps the address
guard and the per-host limit plain code. `LINK_CHECK_CONCURRENCY` fetches run at once and at most
`LINK_CHECK_PER_HOST` of them to one host name.

Reasons are stored as codes in LinkStatus.reason: an HTTP status ("404") or one of REASONS, shown
through `reason_label`, so that stored rows do not change with a translation.
"""
from __future__ import annotations

import codecs
import ipaddress
import re
import socket
import ssl
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import zip_longest

import certifi
import httpcore
import httpx
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Organization
from measures.models import ProgressReport
from oit.models import EvidenceLink, LinkEvent, LinkStatus

REASONS = {
    "timeout": _("timed out"),
    "tls": _("TLS error"),
    "dns": _("domain not found"),
    "connect": _("cannot connect"),
    "error_page": _("error page"),
    "empty": _("empty file"),
    "private": _("internal address"),
    "redirects": _("too many redirects"),
    "bad_url": _("not a web address"),
}
READ_BYTES = 4096
URL_MAX_LENGTH = LinkStatus._meta.get_field("url").max_length
REDIRECTS = {301, 302, 303, 307, 308}
HTML_TYPES = ("text/html", "application/xhtml+xml")
TITLE = re.compile(rb"<title[^>]*>(.*?)</title", re.IGNORECASE | re.DOTALL)
TAGS = re.compile(r"<[^>]*>|<[^>]*$")
# The soft-404 rule, kept small: an HTML page whose <title> (or, without a title, the start of its text)
# says 404, not found, ไม่พบ or error. A real document rarely says so in its title.
ERROR_WORDS = re.compile(r"\b404\b|not\s+found|ไม่พบ|\berror\b", re.IGNORECASE)


def reason_label(reason: str) -> str:
    return str(REASONS.get(reason, reason))


@dataclass(frozen=True)
class Result:
    url: str
    ok: bool
    status_code: int | None = None
    reason: str = ""  # "" when it works; an HTTP status such as "404", or a key of REASONS

    @property
    def label(self) -> str:
        return reason_label(self.reason)


class Refused(Exception):
    """The host resolves to an address the checker may not fetch."""


class UnknownHost(Exception):
    """The host name does not resolve."""


def is_internal(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone ("fe80::1%eth0") is link-local anyway
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is loopback
    return (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved
            or ip.is_unspecified or not ip.is_global)


def resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise UnknownHost(host) from error
    return list(dict.fromkeys(info[4][0] for info in infos))


class GuardedBackend(httpcore.SyncBackend):
    """Connects only to addresses it has checked itself (on every hop: each hop opens its connection here)."""

    def __init__(self, *, allow_private: bool):
        self.allow_private = allow_private

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        addresses = resolve(host, port)
        if not self.allow_private and any(is_internal(address) for address in addresses):
            raise Refused(host)
        error: Exception = UnknownHost(host)
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        raise error

    def connect_unix_socket(self, *args, **kwargs):
        raise Refused("unix socket")


class GuardedTransport(httpx.HTTPTransport):
    def __init__(self, *, allow_private: bool, connections: int):
        # HTTPTransport has no parameter for the network backend: its pool is built here the way it builds
        # it (httpx 0.28, pinned). The tests of refused addresses fail if this ever stops taking effect.
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl.create_default_context(cafile=certifi.where()),
            max_connections=connections, max_keepalive_connections=connections, keepalive_expiry=5.0,
            network_backend=GuardedBackend(allow_private=allow_private),
        )


class HostLimiter:
    def __init__(self, per_host: int):
        self.per_host = per_host
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        with self._lock:
            semaphore = self._slots.setdefault(host, threading.BoundedSemaphore(self.per_host))
        with semaphore:
            yield


def interleaved(urls: Iterable[str]) -> list[str]:
    """URLs taken host by host in turn, so that the workers waiting on one host's limit are few."""
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in urls:
        by_host[host_of(url)].append(url)
    return [url for row in zip_longest(*by_host.values()) for url in row if url is not None]


def host_of(url: str) -> str:
    try:
        return httpx.URL(url).host
    except (httpx.InvalidURL, TypeError):
        return ""


class Checker:
    """Fetches URLs with the settings' limits; remembers each URL's result for the whole run."""

    def __init__(self, **overrides):
        def get(name, default):
            return overrides.get(name.lower(), getattr(settings, f"LINK_CHECK_{name}", default))

        self.timeout = float(get("TIMEOUT", 10))
        self.concurrency = int(get("CONCURRENCY", 16))
        self.max_redirects = int(get("MAX_REDIRECTS", 5))
        self.limiter = HostLimiter(int(get("PER_HOST", 2)))
        site = settings.SITE_URL or "ITA Portal"
        self.client = httpx.Client(
            transport=GuardedTransport(allow_private=bool(get("ALLOW_PRIVATE", False)),
                                       connections=self.concurrency),
            timeout=httpx.Timeout(self.timeout), follow_redirects=False, trust_env=False,
            headers={"User-Agent": f"ITA-Portal-LinkChecker/1.0 (+{site})", "Accept": "*/*"},
        )
        self.pool = ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="linkcheck")
        self.results: dict[str, Result] = {}

    def __enter__(self) -> Checker:
        return self

    def __exit__(self, *exc) -> None:
        self.pool.shutdown()
        self.client.close()

    def check(self, urls: Iterable[str]) -> dict[str, Result]:
        """The result of each URL; a URL already checked in this run is not fetched again."""
        urls = list(dict.fromkeys(urls))
        todo = interleaved(url for url in urls if url not in self.results)
        for result in self.pool.map(self.check_one, todo):
            self.results[result.url] = result
        return {url: self.results[url] for url in urls}

    def check_one(self, url: str) -> Result:
        current = url
        for _hop in range(self.max_redirects + 1):
            try:
                target = httpx.URL(current)
            except (httpx.InvalidURL, TypeError):
                return Result(url, False, None, "bad_url")
            if target.scheme not in ("http", "https") or not target.host or len(url) > URL_MAX_LENGTH:
                return Result(url, False, None, "bad_url")
            try:
                with self.limiter.slot(target.host):
                    outcome = self.fetch(target)
            except Refused:
                return Result(url, False, None, "private")
            except UnknownHost:
                return Result(url, False, None, "dns")
            except httpx.TimeoutException:
                return Result(url, False, None, "timeout")
            except httpx.InvalidURL:  # a Location header that is no address
                return Result(url, False, None, "bad_url")
            except (httpx.RequestError, OSError) as error:
                return Result(url, False, None, "tls" if caused_by_tls(error) else "connect")
            if isinstance(outcome, httpx.URL):
                current = str(outcome.copy_with(fragment=None))
                continue
            status, reason = outcome
            return Result(url, not reason, status, reason)
        return Result(url, False, None, "redirects")

    def fetch(self, url: httpx.URL) -> httpx.URL | tuple[int, str]:
        """One hop: where it redirects to, or (status, reason) with reason "" when the page works."""
        started = time.monotonic()
        with self.client.stream("GET", url) as response:
            status = response.status_code
            if status in REDIRECTS and response.headers.get("location"):
                return url.join(response.headers["location"])
            if status >= 300 or status < 200:
                return status, str(status)
            if response.headers.get("content-length", "").strip() == "0":
                return status, "empty"
            head = b""
            for chunk in response.iter_bytes():
                head += chunk
                if len(head) >= READ_BYTES:
                    break
                if time.monotonic() - started > self.timeout:  # a server that drips its bytes
                    raise httpx.ReadTimeout("too slow", request=response.request)
            if not head:
                return status, "empty"
            content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type in HTML_TYPES and looks_like_error(head, response.charset_encoding):
                return status, "error_page"
            return status, ""


def caused_by_tls(error: BaseException) -> bool:
    while error is not None:
        if isinstance(error, ssl.SSLError):
            return True
        error = error.__cause__ or error.__context__
    return False


def looks_like_error(head: bytes, charset: str | None) -> bool:
    match = TITLE.search(head)
    raw = match.group(1) if match else head[:1024]
    try:
        text = raw.decode(codecs.lookup(charset or "utf-8").name, errors="replace")
    except LookupError:
        text = raw.decode("utf-8", errors="replace")
    if not match:
        text = TAGS.sub(" ", re.sub(r"(?is)<(script|style|head)\b.*?(</\1>|$)", " ", text))[:512]
    return bool(ERROR_WORDS.search(text))


# --- which URLs an agency has, and recording what they did --------------------------------------------


@dataclass(frozen=True)
class Target:
    """One place an agency gives a URL: an OIT item (with its responsible division) or a measure's report."""

    organization_id: int
    url: str
    code: str  # the OIT item's code ("O12") or the measure's ("1.3")
    year: int
    division_id: int | None = None
    workspace: bool = True


@dataclass(frozen=True)
class Finding:
    target: Target
    result: Result
    newly_broken: bool  # broken in this run and not already broken before


def targets_for(organizations, *, year: int | None = None) -> dict[int, list[Target]]:
    """Every evidence URL of the agencies' workspaces and progress reports (of `year` only, when given)."""
    found: dict[int, dict[tuple, Target]] = defaultdict(dict)
    links = EvidenceLink.objects.filter(workspace_item__workspace__organization__in=organizations)
    reports = ProgressReport.objects.filter(round__plan__organization__in=organizations).exclude(links="")
    if year is not None:
        links = links.filter(workspace_item__workspace__year=year)
        reports = reports.filter(round__plan__fiscal_year=year)
    for url, code, division_id, workspace_year, org_id in links.order_by(
        "workspace_item__workspace__year", "workspace_item__item__order", "order", "pk",
    ).values_list("url", "workspace_item__item__code", "workspace_item__division_id",
                  "workspace_item__workspace__year", "workspace_item__workspace__organization_id"):
        target = Target(org_id, url, code, workspace_year, division_id)
        found[org_id].setdefault(("o", workspace_year, code, url), target)
    for text, theme, number, plan_year, org_id in reports.order_by(
        "round__plan__fiscal_year", "measure__theme__number", "measure__number", "pk",
    ).values_list("links", "measure__theme__number", "measure__number", "round__plan__fiscal_year",
                  "round__plan__organization_id"):
        code = f"{theme}.{number}"
        for url in (line.strip() for line in text.splitlines()):
            if url:
                found[org_id].setdefault(("m", plan_year, code, url), Target(org_id, url, code, plan_year, None, False))
    return {org_id: list(targets.values()) for org_id, targets in found.items()}


@transaction.atomic
def record(*, organization, results: Iterable[Result], now=None) -> set[str]:
    """Saves each URL's latest check, adds a LinkEvent on a URL's first check and whenever its outcome
    changes, and returns the URLs that broke in this run. The agency's row is locked first, so that two
    runs at once cannot both decide that the same URL has just broken (and both send its email)."""
    now = now or timezone.now()
    Organization.objects.select_for_update(no_key=True).filter(pk=organization.pk).exists()
    results = [r for r in results if len(r.url) <= URL_MAX_LENGTH]
    known = {s.url: s for s in LinkStatus.objects.filter(organization=organization, url__in=[r.url for r in results])}
    new, seen, events, broke = [], [], [], set()
    for result in results:
        status = known.get(result.url)
        if status is None:
            status = LinkStatus(organization=organization, url=result.url, checked_at=now, ok=result.ok,
                                status_code=result.status_code, reason=result.reason,
                                broken_since=None if result.ok else now)
            new.append(status)
            events.append(status)
            if not result.ok:
                broke.add(result.url)
            continue
        was_ok = status.ok
        if (status.ok, status.status_code, status.reason) != (result.ok, result.status_code, result.reason):
            status.ok, status.status_code, status.reason = result.ok, result.status_code, result.reason
            events.append(status)
        if result.ok:
            status.broken_since = None
        elif was_ok:
            status.broken_since = now
            broke.add(result.url)
        elif status.broken_since is None:  # broken before, but its date was lost: no new breakage to report
            status.broken_since = now
        status.checked_at = now
        seen.append(status)
    LinkStatus.objects.bulk_create(new)
    LinkStatus.objects.bulk_update(seen, ["checked_at", "ok", "status_code", "reason", "broken_since"])
    LinkEvent.objects.bulk_create(
        LinkEvent(status=s, checked_at=now, ok=s.ok, status_code=s.status_code, reason=s.reason) for s in events)
    return broke


def check_agencies(organizations, *, year: int | None = None, checker: Checker | None = None,
                   chunk: int = 100) -> Iterator[tuple[Organization, list[Finding]]]:
    """Checks the agencies' URLs a chunk of agencies at a time (a URL shared by several is fetched once
    per run), then records and emails each agency in its own transaction."""
    from oit.reminders import send_broken_links  # noqa: PLC0415 (it imports this module)

    own = checker is None
    checker = checker or Checker()
    try:
        organizations = list(organizations)
        for start in range(0, len(organizations), chunk):
            part = organizations[start:start + chunk]
            targets = targets_for(part, year=year)
            results = checker.check(t.url for org in part for t in targets.get(org.pk, []))
            for organization in part:
                mine = targets.get(organization.pk, [])
                with transaction.atomic():
                    broke = record(organization=organization, results={results[t.url] for t in mine})
                    findings = [Finding(t, results[t.url], t.url in broke) for t in mine]
                    send_broken_links(organization=organization, findings=findings)
                yield organization, findings
    finally:
        if own:
            checker.__exit__(None, None, None)


def check_agency(organization, *, year: int | None = None, checker: Checker | None = None) -> list[Finding]:
    return next(check_agencies([organization], year=year, checker=checker))[1]
