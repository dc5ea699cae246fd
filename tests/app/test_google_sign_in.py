"""Signing in to Google from the window, against the fake's real OAuth endpoints on 127.0.0.1:
the link shows with Copy, the system browser is asked to open it, Cancel ends the sign-in."""

from __future__ import annotations

import html
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QFileDialog

from runlift.app.send.google import NEEDS_KEYRING, NEEDS_SIGN_IN, GooglePanel
from runlift.app.window.main import MainWindow
from runlift.publish.google.auth import ACCOUNT, ENDPOINT_ENV
from runlift.storage.secrets import SERVICE
from tests.keyrings import MemoryKeyring
from tests.publish.fake_google import FakeGoogle


class SystemBrowser:
    """QDesktopServices.openUrl as on a machine where no browser opens by itself."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def open(self, url: Any) -> bool:
        self.asked.append(url.toString())
        return False


@pytest.fixture
def google(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, memory_keyring: MemoryKeyring
) -> Iterator[tuple[FakeGoogle, SystemBrowser]]:
    monkeypatch.delenv(ENDPOINT_ENV, raising=False)
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")  # the fake is plain HTTP
    browser = SystemBrowser()
    monkeypatch.setattr(QDesktopServices, "openUrl", browser.open)
    with FakeGoogle() as fake:
        client = tmp_path / "client_secret.json"
        client.write_text(
            json.dumps(
                {
                    "installed": {
                        "client_id": "1234-abc.apps.googleusercontent.com",
                        "client_secret": "GOCSPX-client-secret",
                        "auth_uri": fake.root + "auth",
                        "token_uri": fake.root + "token",
                        "redirect_uris": ["http://localhost"],
                    }
                }
            )
        )
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(client), ""))
        yield fake, browser


def shown_panel(qtbot: Any, window: MainWindow) -> GooglePanel:
    panel = window.google_panel
    window.side_tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.task is not None and not panel.task.running, timeout=10000)
    return panel


def start_sign_in(qtbot: Any, panel: GooglePanel) -> str:
    panel.sign_in_button.click()
    qtbot.waitUntil(lambda: panel.link_box.isVisibleTo(panel), timeout=10000)
    return panel.link_address.text()


def test_the_sign_in_link_shows_with_copy_and_cancel_ends_it(
    qtbot: Any, window: MainWindow, google: tuple[FakeGoogle, SystemBrowser], memory_keyring: Any
) -> None:
    fake, browser = google
    panel = shown_panel(qtbot, window)
    link = start_sign_in(qtbot, panel)
    assert link.startswith(fake.root + "auth?") and browser.asked == [link]
    assert f'href="{html.escape(link)}"' in panel.link.text()
    assert "No browser opened" in panel.status.text()
    panel.copy_link_button.click()
    assert QGuiApplication.clipboard().text() == link
    assert panel.cancel_button.isEnabled() and not panel.sign_in_button.isEnabled()
    task = panel.task
    assert task is not None
    # The sign-in would wait five minutes for the browser; Cancel ends it now.
    with qtbot.waitSignal(task.cancelled, timeout=10000):
        panel.cancel_button.click()
    # every slot of the task's end has run (each is its own queued call)
    qtbot.waitUntil(lambda: not task.running and not panel.link_box.isVisibleTo(panel),
                    timeout=10000)  # fmt: skip
    assert panel.status.text() == "Sign-in cancelled."
    assert panel.sign_in_button.isEnabled()
    assert memory_keyring.entries == {}
    redirect = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(link).query))["redirect_uri"]
    with pytest.raises(urllib.error.URLError):  # nothing listens for Google's answer any more
        urllib.request.urlopen(redirect + "?code=late", timeout=10)


def test_signing_in_in_the_browser_turns_on_preview_and_push(
    qtbot: Any, window: MainWindow, google: tuple[FakeGoogle, SystemBrowser], memory_keyring: Any
) -> None:
    fake, _browser = google
    panel = shown_panel(qtbot, window)
    assert not panel.push_button.isEnabled() and panel.push_button.toolTip() == NEEDS_SIGN_IN
    link = start_sign_in(qtbot, panel)
    task = panel.task
    assert task is not None
    with qtbot.waitSignal(task.succeeded, timeout=20000):  # the runner allows it in a browser
        threading.Thread(target=lambda: urllib.request.urlopen(link, timeout=10).read()).start()
    assert panel.status.text() == "Signed in to Google."
    stored = json.loads(memory_keyring.entries[(SERVICE, ACCOUNT)])
    assert stored["refresh_token"] in fake.refresh_tokens
    qtbot.waitUntil(lambda: not task.running, timeout=10000)
    assert panel.push_button.isEnabled() and panel.preview_button.isEnabled()
    assert panel.sign_out_button.isEnabled() and not panel.link_box.isVisibleTo(panel)


def test_without_a_keyring_it_says_what_to_do_once_and_turns_off_what_cannot_work(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENDPOINT_ENV, raising=False)
    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    panel = shown_panel(qtbot, window)
    for button in (panel.sign_in_button, panel.preview_button, panel.push_button):
        assert not button.isEnabled() and button.toolTip() == NEEDS_KEYRING
    texts = [panel.status.text(), panel.hint.text(), panel.result.toPlainText()]
    assert sum("gnome-keyring" in text for text in texts) == 1  # what to install: said once
    assert panel.help_button.isEnabled()


def test_the_set_up_help_opens_from_the_panel(qtbot: Any, window: MainWindow) -> None:
    panel = window.google_panel
    panel.help_button.click()
    guide = panel.guide
    assert guide is not None
    qtbot.addWidget(guide)
    qtbot.waitExposed(guide)
    text = guide.text.toPlainText()
    assert "Create a Google Cloud project" in text and "calendar.app.created" in text
    guide.close()


def test_closing_the_window_ends_a_sign_in_waiting_on_the_browser(
    qtbot: Any, window: MainWindow, google: tuple[FakeGoogle, SystemBrowser], memory_keyring: Any
) -> None:
    panel = shown_panel(qtbot, window)
    link = start_sign_in(qtbot, panel)
    task = panel.task
    assert task is not None and task.running
    with qtbot.waitSignal(task.cancelled, timeout=10000):
        window.close()
    assert not task.running and memory_keyring.entries == {}
    redirect = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(link).query))["redirect_uri"]
    with pytest.raises(urllib.error.URLError):  # the listener for Google's answer is gone
        urllib.request.urlopen(redirect + "?code=late", timeout=10)
