"""RFC 6764 discovery: the runner gives only a host; its /.well-known/caldav leads to Radicale.

A small HTTP server on 127.0.0.1 plays the runner's host and answers the well-known address with
redirects; the CalDAV server behind them is a real Radicale. Nothing here reaches past 127.0.0.1.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from caldav.collection import Calendar
from caldav.davclient import DAVClient

from runlift.errors import RemoteError
from runlift.publish.caldav.account import connect, login, stored_account
from runlift.publish.caldav.discovery import (
    FULL_ADDRESS_HELP,
    MAX_HOPS,
    REDIRECTS,
    WELL_KNOWN,
    full_address,
    only_a_host,
)
from runlift.publish.caldav.push import push
from runlift.storage.secrets import SERVICE
from tests.keyrings import MemoryKeyring
from tests.publish.caldav_fixtures import UUID, new_doc
from tests.publish.caldav_servers import PASSWORD, USER, FaultProxy, Radicale
from tests.publish.fake_google import weeks_of_events
from tests.publish.redirect_servers import redirector, self_signed_certificate


@pytest.mark.parametrize(
    ("address", "discovered"),
    [
        ("example.org", True),
        ("example.org:8443", True),
        ("https://example.org", True),
        ("https://example.org/", True),
        ("https://example.org/dav/", False),
        ("https://example.org/?user=me", False),
    ],
)
def test_only_an_address_without_a_path_is_discovered(address: str, discovered: bool) -> None:
    assert only_a_host(address) is discovered


def test_a_bare_host_is_an_https_address() -> None:
    assert full_address("example.org:8443") == "https://example.org:8443/"
    assert full_address("http://127.0.0.1:5232/") == "http://127.0.0.1:5232/"


def test_only_a_host_finds_radicale_through_the_well_known_address_and_pushes(
    radicale: Radicale, home: Path, memory_keyring: MemoryKeyring
) -> None:
    del home
    # the runner's host sends the well-known address on twice (relative, then absolute), and
    # Radicale's own /.well-known/caldav sends it to its root
    routes = {
        WELL_KNOWN: (301, "/dav/start"),
        "/dav/start": (307, f"{radicale.url}.well-known/caldav"),
    }
    with redirector(routes) as host:
        account = login("other", host.origin, USER, PASSWORD)
        asked = host.asked
    assert [(seen.method, seen.path) for seen in asked] == [
        ("PROPFIND", WELL_KNOWN),
        ("PROPFIND", "/dav/start"),
    ]
    assert not any(seen.authorization for seen in asked)  # discovery never sends the password
    assert account.url == radicale.url
    assert stored_account() == account
    assert memory_keyring.entries == {
        (SERVICE, f"caldav:{USER}@127.0.0.1:{radicale.port}"): PASSWORD
    }
    events = weeks_of_events(UUID, 1)
    result = push(new_doc(), events, connection=connect())  # the host is gone: Radicale direct
    assert (result.created, result.updated, result.deleted) == (len(events), 0, 0)
    calendar_url = result.document.caldav_calendar_url
    assert calendar_url and calendar_url.startswith(radicale.user_url)
    phone = DAVClient(url=radicale.url, username=USER, password=PASSWORD)
    assert len(Calendar(client=phone, url=calendar_url).get_events()) == len(events)


@pytest.mark.parametrize("status", sorted(REDIRECTS))
def test_every_redirect_status_is_followed(
    status: int, radicale: Radicale, home: Path, memory_keyring: MemoryKeyring
) -> None:
    del home, memory_keyring
    routes = {WELL_KNOWN: (status, "next"), "/.well-known/next": (status, radicale.user_url)}
    with redirector(routes) as host:
        account = login("other", host.origin + "/", USER, PASSWORD)
        assert [seen.path for seen in host.asked] == [WELL_KNOWN, "/.well-known/next"]
    assert account.url == radicale.user_url


LOOP = {WELL_KNOWN: (302, "/a"), "/a": (308, "/b"), "/b": (302, "/a")}
ENDLESS = {WELL_KNOWN: (302, "/hop/1")} | {f"/hop/{n}": (302, f"/hop/{n + 1}") for n in range(99)}


@pytest.mark.parametrize(
    ("routes", "requests"), [(LOOP, 3), (ENDLESS, MAX_HOPS + 1)], ids=["loop", "endless"]
)
def test_redirects_without_an_end_are_refused_and_nothing_is_kept(
    routes: dict[str, tuple[int, str]],
    requests: int,
    home: Path,
    memory_keyring: MemoryKeyring,
) -> None:
    with redirector(routes) as host:
        with pytest.raises(RemoteError, match="round in redirects") as refused:
            login("other", host.origin, USER, PASSWORD)
        assert len(host.asked) == requests
    assert FULL_ADDRESS_HELP in str(refused.value)
    assert memory_keyring.entries == {}
    assert not home.exists() or not any(home.rglob("*.json"))


@pytest.mark.parametrize("given", ["origin", "bare host"])
def test_https_sent_on_to_http_is_refused_before_anything_is_sent_there(
    given: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    home: Path,
    memory_keyring: MemoryKeyring,
) -> None:
    del home
    certificate, trusted = self_signed_certificate(tmp_path)
    # this computer trusts the test's certificate (as it would a company's own CA): verified
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(trusted))
    with redirector() as plain, redirector(certificate=certificate) as secure:
        secure.routes[WELL_KNOWN] = (301, f"{plain.origin}/dav/")
        address = secure.origin if given == "origin" else secure.origin.removeprefix("https://")
        with pytest.raises(RemoteError, match="does not leave an encrypted connection"):
            login("other", address, USER, PASSWORD)
        assert [seen.path for seen in secure.asked] == [WELL_KNOWN]  # a bare host is https://
        assert plain.asked == []
    assert memory_keyring.entries == {}


def test_http_sent_on_to_another_computer_is_refused(
    home: Path, memory_keyring: MemoryKeyring
) -> None:
    del home
    with (
        redirector({WELL_KNOWN: (302, "http://dav.example.org/")}) as host,
        pytest.raises(RemoteError, match=r"neither https:// nor on this computer"),
    ):
        login("other", host.origin, USER, PASSWORD)
    assert memory_keyring.entries == {}


@pytest.mark.parametrize("fault", ["missing", "not_allowed"], ids=["404", "405"])
def test_a_server_without_the_well_known_address_is_used_as_given(
    fault: str, proxy: FaultProxy, home: Path, memory_keyring: MemoryKeyring
) -> None:
    del home
    proxy.faults.methods = frozenset({"PROPFIND"})
    proxy.faults.queued.append(fault)  # the first PROPFIND is discovery's
    account = login("other", proxy.url, USER, PASSWORD)
    assert proxy.faults.applied == [fault]
    assert proxy.faults.seen[0] == ("PROPFIND", WELL_KNOWN)
    assert account.url == proxy.url
    assert memory_keyring.entries


def test_an_address_with_a_path_is_used_without_discovery(
    proxy: FaultProxy, home: Path, memory_keyring: MemoryKeyring
) -> None:
    del home, memory_keyring
    account = login("other", f"{proxy.url}{USER}/", USER, PASSWORD)
    assert account.url == f"{proxy.url}{USER}/"
    assert proxy.faults.seen
    assert not any(WELL_KNOWN in path for _method, path in proxy.faults.seen)


def test_when_the_address_as_given_fails_too_the_message_says_both(
    home: Path, memory_keyring: MemoryKeyring
) -> None:
    del home
    # 404 for every path: no CalDAV server anywhere on that host
    with redirector() as host, pytest.raises(RemoteError) as refused:
        login("other", host.origin, USER, PASSWORD)
    message = str(refused.value)
    assert f"{host.origin}{WELL_KNOWN} answered 404" in message
    assert FULL_ADDRESS_HELP in message
    assert PASSWORD not in message
    assert memory_keyring.entries == {}


def test_a_host_that_is_not_there_says_discovery_could_not_reach_it_either(
    home: Path, memory_keyring: MemoryKeyring
) -> None:
    del home, memory_keyring
    with pytest.raises(RemoteError) as refused:
        login("other", "http://127.0.0.1:9", USER, PASSWORD)
    message = str(refused.value)
    assert "cannot reach 127.0.0.1:9" in message
    assert f"http://127.0.0.1:9{WELL_KNOWN} cannot be reached" in message
