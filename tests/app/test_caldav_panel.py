"""The CalDAV panel in the window, offscreen, against a real Radicale (keyring in memory)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from caldav.collection import Calendar
from caldav.davclient import DAVClient
from PySide6.QtCore import Qt

from runlift.app.send.caldav import CalDavPanel
from runlift.app.window.main import MainWindow
from runlift.publish.events import to_events
from tests.keyrings import MemoryKeyring
from tests.publish.caldav_servers import (
    PASSWORD,
    USER,
    FaultProxy,
    Radicale,
    fault_proxy,
    running_radicale,
)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Radicale]:
    store = tmp_path / "radicale"
    store.mkdir()
    with running_radicale(store) as radicale:
        yield radicale


@pytest.fixture
def proxy(server: Radicale) -> Iterator[FaultProxy]:
    with fault_proxy(server) as running:
        yield running


@pytest.fixture
def panel(qtbot: Any, window: MainWindow, memory_keyring: MemoryKeyring) -> CalDavPanel:
    del memory_keyring
    shown = window.caldav_panel
    with qtbot.waitSignal(shown.accountShown, timeout=20000):
        window.side_tabs.setCurrentWidget(shown)  # the account is looked up when shown
    return shown


def _log_in(qtbot: Any, panel: CalDavPanel, url: str, password: str) -> None:
    panel.provider.setCurrentIndex(panel.provider.findData("other"))
    panel.address.setText(url)
    panel.user.setText(USER)
    panel.password.setText(password)
    with qtbot.waitSignal(panel.accountShown, timeout=20000):
        qtbot.mouseClick(panel.login_button, Qt.MouseButton.LeftButton)


def _events_on(server: Radicale, url: str) -> int:
    client = DAVClient(url=server.url, username=USER, password=PASSWORD)
    return len(Calendar(client=client, url=url).get_events())


def test_a_refused_password_is_shown_and_nothing_is_kept(
    qtbot: Any, panel: CalDavPanel, proxy: FaultProxy, memory_keyring: MemoryKeyring
) -> None:
    _log_in(qtbot, panel, proxy.url, "not-the-app-password")
    assert "app-specific password" in panel.status.text()
    assert memory_keyring.entries == {}
    assert not panel.push_button.isEnabled()
    assert panel.password.text() == ""  # never kept in the field either


def test_log_in_push_and_preview_again(
    qtbot: Any,
    tmp_path: Path,
    window: MainWindow,
    panel: CalDavPanel,
    server: Radicale,
    proxy: FaultProxy,
    memory_keyring: MemoryKeyring,
) -> None:
    with qtbot.waitSignal(panel.calendarsListed, timeout=20000):
        _log_in(qtbot, panel, server.url, PASSWORD)
    assert panel.status.text() == f"Logged in to {server.url} as {USER}."
    assert list(memory_keyring.entries.values()) == [PASSWORD]
    steps: list[tuple[int, int]] = []
    panel.progress.valueChanged.connect(
        lambda value: steps.append((value, panel.progress.maximum()))
    )
    with qtbot.waitSignal(panel.pushFinished, timeout=60000):
        qtbot.mouseClick(panel.push_button, Qt.MouseButton.LeftButton)
    events = to_events(window.state.plan, window.state.document.plan_uuid)
    url = window.state.document.caldav_calendar_url
    assert url and _events_on(server, url) == len(events)
    assert panel.result.toPlainText().startswith(f"Created {len(events)}")
    assert (len(events), len(events)) in steps  # every write counted, to the last
    assert panel.grab().save(str(tmp_path / "caldav-panel.png"))  # drawn offscreen
    with qtbot.waitSignal(panel.pushFinished, timeout=60000):
        qtbot.mouseClick(panel.preview_button, Qt.MouseButton.LeftButton)
    assert panel.result.toPlainText().startswith("Would create 0, update 0, delete 0;")
    del proxy


def test_cancel_stops_a_push_waiting_on_a_busy_server_and_the_next_push_finishes(
    qtbot: Any, window: MainWindow, panel: CalDavPanel, server: Radicale, proxy: FaultProxy
) -> None:
    _log_in(qtbot, panel, proxy.url, PASSWORD)
    proxy.faults.queued.extend(["busy"] * 5)  # the push backs off between tries …
    with qtbot.waitSignal(panel.pushFinished, timeout=60000):
        panel.start_push(dry_run=False)
        qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)  # … and is cancelled
    assert "cancelled" in panel.result.toPlainText()
    assert proxy.faults.count("PUT") == 0
    proxy.faults.queued.clear()
    with qtbot.waitSignal(panel.pushFinished, timeout=60000):
        panel.start_push(dry_run=False)
    url = window.state.document.caldav_calendar_url
    events = to_events(window.state.plan, window.state.document.plan_uuid)
    assert url and _events_on(server, url.replace(proxy.url, server.url)) == len(events)


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backends import fail

    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    monkeypatch.setattr(keyring, "set_password", fail.Keyring().set_password)
    monkeypatch.setattr(keyring, "get_password", fail.Keyring().get_password)


def _shown(qtbot: Any, window: MainWindow) -> CalDavPanel:
    shown = window.caldav_panel
    with qtbot.waitSignal(shown.accountShown, timeout=20000):
        window.side_tabs.setCurrentWidget(shown)
    return shown


def test_a_server_that_asks_for_no_password_logs_in_and_pushes_without_a_keyring(
    qtbot: Any, tmp_path: Path, window: MainWindow, no_keyring: None
) -> None:
    store = tmp_path / "open-radicale"
    store.mkdir()
    with running_radicale(store, open_to_all=True) as open_server:
        shown = _shown(qtbot, window)
        with qtbot.waitSignal(shown.calendarsListed, timeout=20000):
            _log_in(qtbot, shown, open_server.url, "")
        assert shown.status.text() == f"Logged in to {open_server.url} as {USER}."
        with qtbot.waitSignal(shown.pushFinished, timeout=60000):
            qtbot.mouseClick(shown.push_button, Qt.MouseButton.LeftButton)
        events = to_events(window.state.plan, window.state.document.plan_uuid)
        assert shown.result.toPlainText().startswith(f"Created {len(events)}")


def test_a_password_without_a_keyring_is_refused_once_and_what_was_typed_is_kept(
    qtbot: Any, tmp_path: Path, window: MainWindow, server: Radicale, no_keyring: None
) -> None:
    shown = _shown(qtbot, window)
    _log_in(qtbot, shown, server.url, PASSWORD)
    assert "no system keyring" in shown.status.text().lower()
    assert "keyring" not in shown.result.toPlainText()  # said once, on the account line
    assert not shown.push_button.isEnabled()
    # the next start of the app: a new window, the same config folder
    from runlift.app.send.caldav import CalDavPanel as Panel

    again = Panel(window.state)
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.accountShown, timeout=20000):
        again.show()
    assert again.address.text() == server.url and again.user.text() == USER
    assert again.provider.currentData() == "other"
    assert again.password.text() == ""  # never kept
