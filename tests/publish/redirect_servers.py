"""A small HTTP(S) server on 127.0.0.1 that answers by a table of redirects, for discovery tests.

Each path in the table gets its status and ``Location``; any other path is answered 404, or,
with ``everything_to``, 301 to that address with the path appended (a server that has moved). Every
request is kept (method, path, and whether it carried an ``Authorization`` header), so a test
can show what was asked, in which order, and that no password went along. With a certificate it
speaks TLS; ``self_signed_certificate`` makes one for 127.0.0.1.
"""

from __future__ import annotations

import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from ipaddress import ip_address
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


@dataclass(frozen=True)
class Asked:
    method: str
    path: str
    authorization: str


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _RedirectServer

    def log_message(self, format: str, *args: Any) -> None:
        del format, args

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        with self.server.lock:
            self.server.asked.append(
                Asked(self.command, self.path, self.headers.get("Authorization", ""))
            )
        moved = self.server.everything_to
        fallback = (301, moved.rstrip("/") + self.path) if moved else (404, "")
        status, location = self.server.routes.get(self.path, fallback)
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_PROPFIND = do_OPTIONS = do_HEAD = do_REPORT = do_PUT = do_DELETE = _answer


class _RedirectServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, routes: dict[str, tuple[int, str]], everything_to: str = "") -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes = routes
        self.everything_to = everything_to
        self.asked: list[Asked] = []
        self.lock = threading.Lock()


@dataclass
class Redirector:
    server: _RedirectServer
    scheme: str
    routes: dict[str, tuple[int, str]] = field(init=False)

    def __post_init__(self) -> None:
        self.routes = self.server.routes  # a test may add routes once it knows other addresses

    @property
    def origin(self) -> str:
        """``scheme://127.0.0.1:port``, with no path: only a host, as a runner would type it."""
        return f"{self.scheme}://127.0.0.1:{self.server.server_address[1]}"

    @property
    def asked(self) -> list[Asked]:
        with self.server.lock:
            return list(self.server.asked)


@contextmanager
def redirector(
    routes: dict[str, tuple[int, str]] | None = None,
    certificate: Path | None = None,
    *,
    everything_to: str = "",
) -> Iterator[Redirector]:
    server = _RedirectServer(dict(routes or {}), everything_to)
    if certificate is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certificate)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, name="redirector", daemon=True)
    thread.start()
    try:
        yield Redirector(server, "https" if certificate else "http")
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """(certificate and key for the server, the certificate alone for a client to trust)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ip_address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    public = certificate.public_bytes(serialization.Encoding.PEM)
    both, alone = folder / "server.pem", folder / "trusted.pem"
    alone.write_bytes(public)
    both.write_bytes(
        public
        + key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return both, alone
