"""Fetching http(s) URLs with httpx: timeouts, redirects, a size limit; the media type picks the reader."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from ingest.readers import registry
from ingest.readers.errors import ReadError

TIMEOUT = 20.0  # seconds to connect, and between bytes read
MAX_REDIRECTS = 10
USER_AGENT = "news-archive/0.1 (archive ingest)"
# Media types that do not tell the format (generic XML may be a feed or not): the content decides.
SNIFF_TYPES = {"application/xml", "text/xml", "application/octet-stream", ""}


@dataclass
class Fetched:
    """A URL's body with what the server said about it."""

    url: str  # after redirects
    data: bytes
    fmt: str | None  # the reader of its media type, None when the content must decide
    charset: str | None


def is_url(item: str) -> bool:
    return "://" in item


def fetch(url: str, max_bytes: int, client=None) -> Fetched:
    """GET `url`, following redirects, refusing other schemes, error statuses and bodies over `max_bytes`."""
    import httpx

    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise ReadError("unsupported_url", f"only http and https URLs can be fetched, not {scheme}:")
    own = client is None
    client = client or httpx.Client(
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        timeout=httpx.Timeout(TIMEOUT),
        headers={"User-Agent": USER_AGENT},
    )
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
            return Fetched(str(response.url), b"".join(chunks), fmt, response.charset_encoding)
    except httpx.TooManyRedirects as exc:
        raise ReadError("http", f"too many redirects (more than {MAX_REDIRECTS})") from exc
    except httpx.TimeoutException as exc:
        raise ReadError("timeout", f"the server did not answer within {TIMEOUT:.0f} seconds") from exc
    except httpx.InvalidURL as exc:
        raise ReadError("bad_url", f"not a valid URL: {exc}") from exc
    except httpx.ConnectError as exc:
        raise ReadError("connect", f"could not connect: {exc}") from exc
    except httpx.HTTPError as exc:
        raise ReadError("http", f"the request failed: {exc}") from exc
    finally:
        if own:
            client.close()
