"""The feed keeps its address: Stop/Start, the sharing switch and a new window serve the same
URL, so the QR code a phone scanned stays valid; a taken port moves the feed and says so. The
tab says when unsaved edits are not served yet."""

from __future__ import annotations

import socket
import urllib.request
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from runlift.app.send.feed import FeedPanel
from runlift.app.send.qr_code import qr_pixmap
from runlift.app.window.main import MainWindow
from runlift.plan.edits.record import Edit
from runlift.plan.model import Kind
from runlift.publish.feed.port import KEPT_PLANS, kept_port, kept_ports, remember_port
from runlift.publish.feed.server import LOOPBACK, FeedServer
from runlift.storage.document import load_document
from runlift.storage.paths import load_app_settings, save_app_settings
from tests.app.conftest import TODAY, served


def start(qtbot: Any, panel: FeedPanel) -> str:
    panel.toggle.click()
    qtbot.waitUntil(lambda: panel.server is not None, timeout=10000)
    return panel.url.text()


def stop(panel: FeedPanel) -> None:
    panel.toggle.click()
    assert panel.server is None


def fetch(webcal: str) -> int:
    with urllib.request.urlopen("http://" + webcal.removeprefix("webcal://"), timeout=10) as got:
        return int(got.status)


def restarted(qtbot: Any, panel: FeedPanel) -> None:
    qtbot.waitUntil(lambda: panel.server is not None and not panel.task.running, timeout=10000)


def test_the_address_survives_stop_and_start(
    qtbot: Any, window: MainWindow, saved: Path, feed_default_port: int
) -> None:
    panel = window.feed_panel
    first = start(qtbot, panel)
    token = window.state.document.feed_token
    assert first == f"webcal://127.0.0.1:{feed_default_port}/feed/{token}/plan.ics"
    for _again in range(2):
        stop(panel)
        assert start(qtbot, panel) == first and fetch(first) == 200
    assert kept_ports() == {window.state.document.plan_uuid: feed_default_port}


def test_the_address_and_its_qr_code_survive_the_sharing_switch(
    qtbot: Any, window: MainWindow, saved: Path, lan_on_loopback: None
) -> None:
    panel = window.feed_panel
    panel.lan.setChecked(True)
    first = start(qtbot, panel)
    code = panel.qr.pixmap().toImage()
    assert code == qr_pixmap(first).toImage()  # the code a phone scans holds this address
    panel.lan.setChecked(False)  # rebinds for this computer only
    restarted(qtbot, panel)
    assert fetch(first) == 200
    panel.lan.setChecked(True)  # and for the local network again
    restarted(qtbot, panel)
    assert panel.url.text() == first and fetch(first) == 200
    assert panel.qr.pixmap().toImage() == code


def test_a_new_window_on_the_same_document_serves_the_same_address(
    qtbot: Any, window: MainWindow, saved: Path, ui_settings: QSettings
) -> None:
    first = start(qtbot, window.feed_panel)
    window.close()
    assert window.feed_panel.server is None
    again = MainWindow(load_document(saved), TODAY, saved, ui_settings)
    qtbot.addWidget(again)
    try:
        assert start(qtbot, again.feed_panel) == first and fetch(first) == 200
    finally:
        again.feed_panel.stop_server()


def test_a_port_another_program_holds_moves_the_feed_once_and_says_so(
    qtbot: Any, window: MainWindow, saved: Path, feed_default_port: int
) -> None:
    panel = window.feed_panel
    with socket.socket() as other_program:
        other_program.bind((LOOPBACK, feed_default_port))
        other_program.listen()
        moved = start(qtbot, panel)
        assert f":{feed_default_port}/" not in moved and fetch(moved) == 200
        text = panel.status.text()
        assert f"Port {feed_default_port} is used by another program" in text
        assert "subscribe again" in text
        stop(panel)
    # the new port is kept: the next start (the old one free again) keeps the moved address
    assert start(qtbot, panel) == moved
    assert "another program" not in panel.status.text()


def test_a_plan_already_served_elsewhere_is_not_moved(
    qtbot: Any, window: MainWindow, saved: Path, feed_default_port: int
) -> None:
    """A second window or `runlift serve` holds this plan's port: moving would strand phones."""
    elsewhere = FeedServer(saved)
    elsewhere.start(LOOPBACK, feed_default_port)
    panel = window.feed_panel
    try:
        panel.toggle.click()
        assert panel.task is not None
        qtbot.waitUntil(lambda: not panel.task.running, timeout=10000)
        assert panel.server is None and not panel.toggle.isChecked()
        assert "already being served" in panel.status.text()
        assert kept_port(window.state.document.plan_uuid) == feed_default_port
    finally:
        elsewhere.stop()


def test_each_plan_keeps_its_own_port(feed_default_port: int) -> None:
    remember_port("plan-a", feed_default_port)
    assert kept_port("plan-a") == feed_default_port
    assert kept_port("plan-b") == feed_default_port + 1  # not the port another plan keeps
    remember_port("plan-b", feed_default_port + 1)
    assert kept_ports() == {"plan-a": feed_default_port, "plan-b": feed_default_port + 1}


def test_only_the_most_recently_served_plans_keep_a_port(feed_default_port: int) -> None:
    for n in range(KEPT_PLANS + 5):
        remember_port(f"plan-{n}", feed_default_port + n)
    remember_port("plan-10", feed_default_port + 10)  # unchanged: stays where it was
    kept = kept_ports()
    assert len(kept) == KEPT_PLANS and "plan-4" not in kept and "plan-5" in kept
    remember_port("plan-5", 9999)  # moved: now the newest
    assert list(kept_ports())[-1] == "plan-5"


def test_a_damaged_port_list_counts_as_empty(feed_default_port: int) -> None:
    save_app_settings({"feed_ports": {"a": "x", "b": True, "c": 70000}, "other": 1})
    assert kept_ports() == {} and kept_port("a") == feed_default_port
    remember_port("a", 5000)
    assert load_app_settings() == {"feed_ports": {"a": 5000}, "other": 1}


def test_the_feed_tab_says_when_unsaved_edits_are_not_served_yet(
    qtbot: Any, window: MainWindow, saved: Path
) -> None:
    panel = window.feed_panel
    assert not panel.behind.isVisibleTo(panel)  # stopped: nothing is served
    url = start(qtbot, panel)
    assert not panel.behind.isVisibleTo(panel)  # saved: the feed has it all
    easy = next(s for s in window.state.plan.active_sessions if s.kind is Kind.EASY)
    uid = f"{easy.id}@{window.state.document.plan_uuid}".encode()
    window.state.add_edit(Edit("skip", easy.id), "Skip")
    assert panel.behind.isVisibleTo(panel) and panel.save_now.isVisibleTo(panel)
    assert "unsaved changes are not in it yet" in panel.behind.text()
    assert uid in served(url)  # the feed still has the skipped run
    panel.save_now.click()
    assert not window.state.modified and not panel.behind.isVisibleTo(panel)
    assert uid not in served(url)
    stop(panel)
    window.state.add_edit(Edit("restore", easy.id), "Restore")
    assert not panel.behind.isVisibleTo(panel)  # no feed running: nothing lags behind


def test_the_sharing_switch_is_kept_for_the_next_window(
    qtbot: Any, window: MainWindow, saved: Path, ui_settings: QSettings, lan_on_loopback: None
) -> None:
    """A phone subscribed over the network needs sharing on again after a restart."""
    assert not window.feed_panel.lan.isChecked()  # off until the runner turns it on
    window.feed_panel.lan.click()
    window.close()
    again = MainWindow(load_document(saved), TODAY, saved, ui_settings)
    qtbot.addWidget(again)
    try:
        assert again.feed_panel.lan.isChecked()
        assert start(qtbot, again.feed_panel) == start_url(again)
        assert not again.feed_panel.qr.pixmap().isNull()  # a code to scan at once
    finally:
        again.feed_panel.stop_server()
    again.feed_panel.lan.click()
    assert load_app_settings()["share_on_lan"] is False
    again.feed_panel.lan.setChecked(True)  # set by the program (a screenshot): not kept
    assert load_app_settings()["share_on_lan"] is False


def start_url(window: MainWindow) -> str:
    token, port = window.state.document.feed_token, kept_port(window.state.document.plan_uuid)
    return f"webcal://127.0.0.1:{port}/feed/{token}/plan.ics"
