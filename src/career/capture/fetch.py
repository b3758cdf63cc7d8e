"""Fetching a posting over HTTP, carefully: a pasted link must not become a way to probe the
user's own network, hang the terminal, or fill the memory.

- Only ``http`` and ``https``: ``file://`` and every other scheme are refused.
- Every address the host name resolves to must be a public one (`ipaddress`'s ``is_global``):
  loopback, private, link-local, shared and reserved addresses are refused unless
  ``--allow-local``. The address actually connected to is checked again, before a byte is
  sent (so a name that resolves differently the second time gains nothing), on every hop.
- Redirects are followed by hand, at most `MAX_REDIRECTS`, each hop checked as above.
- A timeout on connecting and on each read (`TIMEOUT` seconds), and on the whole transfer.
- At most `MAX_BYTES` (5 MiB) of body: a larger Content-Length is refused before reading, a
  body that grows past it is cut off and refused.
- A clear User-Agent naming career; no cookies, no proxies, no compression.

The standard library's http.client is used rather than a client library: the check of the
connected address needs the socket between connecting and sending, which http.client gives
(`_create_connection`) and the common client libraries do not expose.

Failures are one line: `FetchFailed` (exit 7) for what the network or the server did, and
`InvalidInput` (exit 2) for a URL that is refused.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from career import __version__
from career.errors import CareerError, InvalidInput

MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
TIMEOUT = 15.0
TOTAL_TIMEOUT = 60.0
USER_AGENT = f"career/{__version__} (job posting capture for one person's own tracker)"


class FetchFailed(CareerError):
    """The posting could not be fetched: the network, the name, the server or the answer."""

    exit_code = 7


@dataclass(frozen=True)
class Fetched:
    url: str  # the final address, after redirects
    content_type: str  # e.g. text/html, lower case, without parameters
    body: bytes
    charset: str | None = None  # the Content-Type header's charset, if it names one


def _allowed(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _refused(host: str, address: str) -> InvalidInput:
    return InvalidInput(
        f"{host} is a local or private address ({address}): refused, so that a link cannot "
        "reach into your network (give --allow-local to fetch it anyway)"
    )


def check_url(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path with query) of an http(s) URL; anything else is refused."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise InvalidInput(f"cannot read {url!r} as a URL: {exc}") from None
    scheme = parts.scheme.casefold()
    if scheme == "file":
        raise InvalidInput(
            f"{url}: file:// addresses are refused; give the file's path to --from instead"
        )
    if scheme not in ("http", "https"):
        raise InvalidInput(f"{url}: only http and https addresses can be fetched")
    host = parts.hostname
    if not host:
        raise InvalidInput(f"{url}: the address has no host")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return scheme, host, port or (443 if scheme == "https" else 80), path


def _resolve(host: str, port: int, allow_local: bool) -> None:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchFailed(f"cannot find the host {host} ({exc.strerror or exc})") from None
    except UnicodeError:
        raise InvalidInput(f"{host!r} is not a host name") from None
    if allow_local:
        return
    for info in infos:
        address = str(info[4][0])
        if not _allowed(address):
            raise _refused(host, address)


def _checked_connect(host: str, allow_local: bool) -> Callable[..., socket.socket]:
    """socket.create_connection, refusing a connection whose peer is not allowed."""

    def connect(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        sock = socket.create_connection(address, *args, **kwargs)
        peer = str(sock.getpeername()[0])
        if not allow_local and not _allowed(peer):
            sock.close()
            raise _refused(host, peer)
        return sock

    return connect


def _connection(scheme: str, host: str, port: int, allow_local: bool) -> http.client.HTTPConnection:
    conn: http.client.HTTPConnection
    if scheme == "https":
        conn = http.client.HTTPSConnection(
            host, port, timeout=TIMEOUT, context=ssl.create_default_context()
        )
    else:
        conn = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
    conn._create_connection = _checked_connect(host, allow_local)  # type: ignore[attr-defined]
    return conn


def fetch(url: str, *, allow_local: bool = False, accept: str = "text/html") -> Fetched:
    """GET `url` (see the module docstring). Raises FetchFailed or InvalidInput."""
    started = time.monotonic()
    seen: list[str] = []
    current = url.strip()
    for _ in range(MAX_REDIRECTS + 1):
        scheme, host, port, path = check_url(current)
        _resolve(host, port, allow_local)
        seen.append(current)
        conn = _connection(scheme, host, port, allow_local)
        try:
            conn.request(
                "GET",
                path,
                headers={
                    "User-Agent": USER_AGENT,
                    "Accept": f"{accept}, */*;q=0.1",
                    "Accept-Encoding": "identity",
                },
            )
            response = conn.getresponse()
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise FetchFailed(f"{current}: a redirect ({response.status}) to nowhere")
                current = urljoin(current, location.strip())
                continue
            if response.status >= 400:
                raise FetchFailed(
                    f"{current}: the server answered {response.status} {response.reason}".rstrip()
                )
            if response.status != 200:
                raise FetchFailed(f"{current}: unexpected answer {response.status}")
            length = response.getheader("Content-Length")
            if length and length.strip().isdigit() and int(length) > MAX_BYTES:
                raise FetchFailed(
                    f"{current}: the page is too large ({int(length) / 2**20:.1f} MiB, "
                    f"at most {MAX_BYTES // 2**20} MiB)"
                )
            body = _read(response, current, started)
            header = response.getheader("Content-Type") or ""
            content_type = header.split(";")[0].strip().casefold()
            charset = None
            for part in header.split(";")[1:]:
                name, _, value = part.partition("=")
                if name.strip().casefold() == "charset" and value.strip():
                    charset = value.strip().strip('"').casefold()
            return Fetched(current, content_type, body, charset)
        except CareerError:
            raise
        except TimeoutError:
            raise FetchFailed(f"{current}: no answer within {TIMEOUT:g} seconds") from None
        except ssl.SSLError as exc:
            raise FetchFailed(f"{current}: a TLS error ({exc.reason or exc})") from None
        except (http.client.HTTPException, OSError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            raise FetchFailed(f"{current}: cannot fetch it ({reason})") from None
        finally:
            conn.close()
    raise FetchFailed(
        f"{url}: more than {MAX_REDIRECTS} redirects"
        + (" (a redirect loop)" if len(set(seen)) < len(seen) else "")
    )


def _read(response: http.client.HTTPResponse, url: str, started: float) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() - started > TOTAL_TIMEOUT:
            raise FetchFailed(f"{url}: still downloading after {TOTAL_TIMEOUT:g} seconds")
        chunk = response.read(64 * 1024)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > MAX_BYTES:
            raise FetchFailed(f"{url}: the page is larger than {MAX_BYTES // 2**20} MiB")
        chunks.append(chunk)
