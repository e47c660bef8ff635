"""Fetching http(s) URLs with httpx: public addresses only, one deadline, a size limit, no credentials
kept; the media type picks the reader.

Safety is enforced where the connection is made (`GuardedBackend`, httpcore's network backend): the
host is resolved once, each address checked, and the socket connected to that checked address, so
DNS rebinding and redirects (each hop opens its connection here) cannot reach a private address."""

from __future__ import annotations

import ipaddress
import math
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import httpcore

from ingest.readers import registry
from ingest.readers.errors import ReadError

TIMEOUT = 60.0  # seconds for the whole fetch of one URL, redirects included (`--fetch-timeout`)
MAX_REDIRECTS = 10
USER_AGENT = "news-archive/0.1 (archive ingest)"
# Media types that do not tell the format (generic XML may be a feed or not): the content decides.
SNIFF_TYPES = {"application/xml", "text/xml", "application/octet-stream", ""}
# Networks that embed an IPv4 address a gateway would forward to: judged by that address.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


@dataclass(frozen=True)
class Fetching:
    """How URLs are fetched: `allow_private` opts in to addresses that are not globally routable
    (a local or intranet server); `timeout` bounds the whole fetch of one URL, in seconds."""

    allow_private: bool = False
    timeout: float = TIMEOUT


@dataclass
class Fetched:
    """A URL's body with what the server said about it."""

    url: str  # after redirects
    data: bytes
    fmt: str | None  # the reader of its media type, None when the content must decide
    charset: str | None


def is_url(item: str) -> bool:
    return "://" in item


def without_credentials(url: str) -> str:
    """The URL without a `user:password@` part: what may be stored and published."""
    if "@" not in url or "://" not in url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def public_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether an address is globally routable: not loopback, private, link-local (cloud metadata),
    shared, multicast or reserved, nor an IPv6 form of such an IPv4 address."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return public_address(embedded)
    return ip.is_global and not ip.is_multicast


class PrivateAddressError(ReadError):
    """The URL's host is (or resolves to) an address that is not public."""

    def __init__(self, host: str, address: str):
        shown = host if host == address else f"{host} ({address})"
        super().__init__(
            "private_address",
            f"{shown} is not a public address (loopback, private, link-local or reserved); "
            "fetching it needs --allow-private",
        )


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write stops at the fetch's deadline."""

    def __init__(self, stream: httpcore.NetworkStream, deadline: float):
        self.stream = stream
        self.deadline = deadline

    def _left(self, timeout: float | None, error: type[Exception]) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise error("the deadline for this URL has passed")
        return left if timeout is None else min(timeout, left)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.stream.read(max_bytes, self._left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.stream.write(buffer, self._left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self.stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None) -> httpcore.NetworkStream:
        left = self._left(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self.stream.start_tls(ssl_context, server_hostname, left), self.deadline)

    def get_extra_info(self, info: str):
        return self.stream.get_extra_info(info)


class GuardedBackend(httpcore.SyncBackend):
    """httpcore's connections for one fetch: each host resolved once, its addresses checked, the
    socket connected to a checked address, and every connection bound by the fetch's deadline."""

    def __init__(self, fetching: Fetching):
        self.fetching = fetching
        self.deadline = time.monotonic() + fetching.timeout

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        try:
            found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            raise httpcore.ConnectError(f"could not resolve {host}: {exc.strerror or exc}") from exc
        addresses = list(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in found))
        allowed = [ip for ip in addresses if self.fetching.allow_private or public_address(ip)]
        if not allowed:
            raise PrivateAddressError(host, str(addresses[0]) if addresses else host)
        error: Exception | None = None
        for ip in allowed:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise httpcore.ConnectTimeout("the deadline for this URL has passed")
            try:
                stream = super().connect_tcp(
                    str(ip), port, left if timeout is None else min(timeout, left), local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
                continue
            return _DeadlineStream(stream, self.deadline)
        assert error is not None
        raise error


def _client(fetching: Fetching):
    import httpx

    transport = httpx.HTTPTransport()
    # httpx takes no network backend: its pool is rebuilt the way HTTPTransport builds it, with ours.
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(), network_backend=GuardedBackend(fetching)
    )
    return httpx.Client(
        transport=transport,
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        timeout=httpx.Timeout(fetching.timeout),
        headers={"User-Agent": USER_AGENT},
        trust_env=False,  # a proxy would resolve and connect for us, past the address check
    )


def _seconds(value: float) -> str:
    whole = f"{value:g}"
    return f"{whole} second" if whole == "1" else f"{whole} seconds"


def fetch(url: str, max_bytes: int, fetching: Fetching | None = None) -> Fetched:
    """GET `url`, following redirects, refusing other schemes, addresses that are not public (unless
    allowed), error statuses, bodies over `max_bytes` and fetches past the deadline."""
    import httpx

    fetching = fetching or Fetching()
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise ReadError("unsupported_url", f"only http and https URLs can be fetched, not {scheme}:")
    if not (fetching.timeout > 0 and math.isfinite(fetching.timeout)):
        raise ReadError("usage", "the fetch timeout must be a positive number of seconds")
    client = _client(fetching)
    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400:
                phrase = httpx.codes.get_reason_phrase(response.status_code) or response.reason_phrase
                raise ReadError("http", f"the server answered {response.status_code} {phrase}".rstrip())
            if urlsplit(str(response.url)).scheme not in ("http", "https"):
                raise ReadError("unsupported_url", f"redirected to a URL that is not http(s): {response.url}")
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise ReadError("too_large", f"the page is {int(declared):,} bytes; the limit is {max_bytes:,}")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise ReadError("too_large", f"the page is over the limit of {max_bytes:,} bytes")
                chunks.append(chunk)
            if declared and declared.isdigit() and size < int(declared) and "content-encoding" not in response.headers:
                raise ReadError("truncated", f"the connection closed after {size:,} of {int(declared):,} bytes")
            mime = response.headers.get("content-type", "").split(";")[0].strip().lower()
            reader = registry.REGISTRY.by_media_type.get(mime)
            if reader is None and mime not in SNIFF_TYPES and not mime.endswith(("+xml", "/xml")):
                raise ReadError("unsupported_type", f"the URL serves {mime}, not an article or a feed")
            fmt = reader.name if reader is not None else None
            return Fetched(without_credentials(str(response.url)), b"".join(chunks), fmt, response.charset_encoding)
    except httpx.TooManyRedirects as exc:
        raise ReadError("http", f"too many redirects (more than {MAX_REDIRECTS})") from exc
    except httpx.TimeoutException as exc:
        raise ReadError("timeout", f"the fetch did not finish within {_seconds(fetching.timeout)}") from exc
    except httpx.InvalidURL as exc:
        raise ReadError("bad_url", f"not a valid URL: {exc}") from exc
    except httpx.ConnectError as exc:
        raise ReadError("connect", f"could not connect: {exc}") from exc
    except httpx.HTTPError as exc:
        raise ReadError("http", f"the request failed: {exc}") from exc
    finally:
        client.close()
