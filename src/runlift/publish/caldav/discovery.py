"""RFC 6764 discovery: where a CalDAV server lives when the runner gives only its host.

``<scheme>://host[:port]/.well-known/caldav`` is asked once, without the password (``https://``;
``http://`` only when the runner gave it, to this computer). Its redirects (301, 302, 303, 307,
308; ``Location`` absolute or relative) are followed for a few hops, never from ``https://`` down
to ``http://``, and where they end is the server address handed to the ``caldav`` library. A
well-known address that does not redirect (404, 405, …) or cannot be reached leaves the address as
the runner gave it, with a note that login adds to its message if that address fails too.
Certificates are verified: a certificate that fails stops discovery, nothing is sent.
"""

from __future__ import annotations

import ipaddress
import urllib.parse
from dataclasses import dataclass

import niquests

from runlift.errors import RemoteError

WELL_KNOWN = "/.well-known/caldav"
MAX_HOPS = 5  # servers redirect once or twice; more is a loop or a misconfiguration
REDIRECTS = frozenset({301, 302, 303, 307, 308})
FULL_ADDRESS_HELP = "give the server's full CalDAV address instead (--url https://…/…)"

# RFC 6764 §6 asks the context path for the principal; the answer itself is not needed (the
# caldav library asks again with the password), only whether and where the server redirects.
# PROPFIND rather than GET: a DAV server answers it at the service's own address, where a GET
# may be redirected on to a web page (Radicale sends "/" to "/.web").
_PRINCIPAL_QUERY = (
    b'<?xml version="1.0" encoding="utf-8"?>'
    b'<propfind xmlns="DAV:"><prop><current-user-principal/></prop></propfind>'
)
_HEADERS = {"Depth": "0", "Content-Type": "application/xml; charset=utf-8"}


@dataclass(frozen=True)
class Discovery:
    """The address to connect to; ``fell_back`` says why it is the runner's own ("" when
    discovery found it, or none was needed)."""

    address: str
    fell_back: str = ""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def full_address(address: str) -> str:
    """A bare host (``example.org``, ``example.org:8443``) as the ``https://`` address."""
    return address if "://" in address else f"https://{address}/"


def only_a_host(address: str) -> bool:
    """A bare host, or an address with no path (or just "/"): discovery finds the rest."""
    if "://" not in address:
        return True
    parts = urllib.parse.urlsplit(address)
    return parts.path in ("", "/") and not parts.query


def discover(address: str, timeout: float) -> Discovery:
    """Where ``address``'s well-known CalDAV path leads, or ``address`` itself (see the module).

    Raises RemoteError for a redirect loop, a redirect away from ``https://`` and a certificate
    that cannot be verified; other failures fall back to the runner's address.
    """
    start = full_address(address)
    if not only_a_host(address):
        return Discovery(start)
    well_known = urllib.parse.urljoin(start, WELL_KNOWN)
    with niquests.Session() as session:
        url, visited = well_known, [well_known]
        while True:
            answer = _ask(session, url, timeout)
            if isinstance(answer, str):
                return Discovery(start, f"{url} {answer}")
            status, location = answer
            if status not in REDIRECTS or not location:
                if url == well_known:
                    return Discovery(start, f"{well_known} answered {status}")
                return Discovery(url)
            url = _next_hop(url, location, visited)
            visited.append(url)


def _ask(session: niquests.Session, url: str, timeout: float) -> tuple[int, str] | str:
    """The status and Location of a PROPFIND to ``url``, or why there is no answer."""
    try:
        response = session.request(
            "PROPFIND",
            url,
            data=_PRINCIPAL_QUERY,
            headers=_HEADERS,
            allow_redirects=False,  # each hop is checked before it is followed
            timeout=timeout,
            verify=True,
        )
    except niquests.exceptions.SSLError:
        host = urllib.parse.urlsplit(url).netloc
        raise RemoteError(
            f"the certificate of {host} cannot be verified; nothing was sent"
        ) from None
    except (niquests.exceptions.RequestException, OSError):
        return "cannot be reached"
    with response:
        return int(response.status_code or 0), str(response.headers.get("Location") or "")


def _next_hop(url: str, location: str, visited: list[str]) -> str:
    """The redirect's target, once it is known to be safe to follow."""
    target = urllib.parse.urljoin(url, location)
    here, there = urllib.parse.urlsplit(url), urllib.parse.urlsplit(target)
    if here.scheme == "https" and there.scheme != "https":
        raise RemoteError(
            f"{here.netloc} sends {WELL_KNOWN} on to {there.scheme}:// ({target}); RunLift does "
            f"not leave an encrypted connection: {FULL_ADDRESS_HELP}"
        )
    if not (
        there.scheme == "https" or (there.scheme == "http" and is_loopback(there.hostname or ""))
    ):
        raise RemoteError(
            f"{here.netloc} sends {WELL_KNOWN} on to {target}, which is neither https:// nor on "
            f"this computer: {FULL_ADDRESS_HELP}"
        )
    if target in visited or len(visited) > MAX_HOPS:
        raise RemoteError(
            f"{urllib.parse.urlsplit(visited[0]).netloc} sends {WELL_KNOWN} round in redirects "
            f"({len(visited)} hops without an end): {FULL_ADDRESS_HELP}"
        )
    return target
