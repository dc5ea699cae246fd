"""A feed that was serving when RunLift closed serves again at its address after a restart;
one the runner stopped stays off. The Feed panel's lines are whole on a laptop screen."""

from __future__ import annotations

import socket
import urllib.error
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget

from runlift.app.document.state import OpenDocument
from runlift.app.launch import _start_feed, application, open_window
from runlift.app.send.feed import FeedPanel
from runlift.app.send.feed_resume import remember_serving, serving_plans, was_serving
from runlift.app.window.layout import SIDE_WIDTH
from runlift.app.window.main import MainWindow
from runlift.plan.model import Kind
from runlift.publish.feed.port import remember_port
from runlift.publish.feed.server import LOOPBACK
from runlift.storage.document import load_document
from runlift.storage.paths import load_app_settings, save_app_settings
from tests.app.conftest import TODAY, served


def new_panel(qtbot: Any, path: Path) -> FeedPanel:
    """The Feed panel of a RunLift just started on ``path``: built, never shown."""
    state = OpenDocument(load_document(path), TODAY)
    state.path = path
    panel = FeedPanel(state)
    qtbot.addWidget(panel)
    return panel


def serving(qtbot: Any, panel: FeedPanel) -> str:
    qtbot.waitUntil(lambda: panel.server is not None, timeout=10000)
    return panel.url.text()


def started_by_the_runner(qtbot: Any, panel: FeedPanel) -> str:
    panel.toggle.click()
    return serving(qtbot, panel)


def closed_like_at_exit(panel: FeedPanel) -> None:
    """What the window does when it closes (MainWindow.closeEvent)."""
    panel.stop_server()
    panel.close()


def served_then_reopened(qtbot: Any, path: Path) -> tuple[str, FeedPanel]:
    """The runner starts the feed and quits RunLift: the address, and the next start's panel."""
    first = new_panel(qtbot, path)
    url = started_by_the_runner(qtbot, first)
    closed_like_at_exit(first)
    assert not answers(url)  # RunLift is closed: nothing serves it
    return url, new_panel(qtbot, path)


def answers(webcal: str) -> bool:
    try:
        served(webcal)
    except urllib.error.URLError:
        return False
    return True


def long_run_uid(panel: FeedPanel) -> bytes:
    state = panel._state
    long_run = next(s for s in state.plan.active_sessions if s.kind is Kind.LONG)
    return f"{long_run.id}@{state.document.plan_uuid}".encode()


def test_a_feed_serving_at_exit_serves_again_at_the_same_address(
    qtbot: Any, saved: Path, feed_default_port: int
) -> None:
    url, again = served_then_reopened(qtbot, saved)
    assert not again.isVisible()  # the window calls resume() before the tab is ever opened
    assert again.resume()
    assert not again.resume()  # already starting: a second call does nothing
    assert serving(qtbot, again) == url and f":{feed_default_port}/" in url
    assert long_run_uid(again) in served(url)  # the plan itself, at the address a phone has
    server = again.server
    assert not again.resume() and again.server is server  # serving: still nothing
    assert again.toggle.isChecked() and again.toggle.text() == "Stop feed"
    again.stop_server()


def test_a_feed_the_runner_stopped_stays_stopped(qtbot: Any, saved: Path) -> None:
    first = new_panel(qtbot, saved)
    url = started_by_the_runner(qtbot, first)
    first.toggle.click()  # the runner's Stop
    assert first.server is None
    closed_like_at_exit(first)
    again = new_panel(qtbot, saved)
    assert not again.resume()
    assert again.server is None and again.task is None and not answers(url)
    assert not again.toggle.isChecked()


def test_closing_the_window_keeps_the_feed_on_for_the_next_start(
    qtbot: Any, window: MainWindow, saved: Path, ui_settings: QSettings
) -> None:
    url = started_by_the_runner(qtbot, window.feed_panel)
    window.close()
    assert window.feed_panel.server is None and not answers(url)
    again = MainWindow(load_document(saved), TODAY, saved, ui_settings)
    qtbot.addWidget(again)
    try:
        assert again.feed_panel.resume() and serving(qtbot, again.feed_panel) == url
        assert answers(url)
    finally:
        again.feed_panel.stop_server()


def test_sharing_on_the_local_network_comes_back_with_the_feed(
    qtbot: Any, saved: Path, lan_on_loopback: None
) -> None:
    first = new_panel(qtbot, saved)
    first.lan.click()  # the runner's choice, kept for the next start
    url = started_by_the_runner(qtbot, first)
    closed_like_at_exit(first)
    again = new_panel(qtbot, saved)
    assert again.resume() and serving(qtbot, again) == url
    assert again.lan.isChecked() and not again.qr.pixmap().isNull()  # a code to scan
    assert "on the local network" in again.status.text()
    again.stop_server()


def test_a_port_taken_at_resume_moves_the_feed_and_says_so(
    qtbot: Any, saved: Path, feed_default_port: int
) -> None:
    url, again = served_then_reopened(qtbot, saved)
    with socket.socket() as other_program:
        other_program.bind((LOOPBACK, feed_default_port))
        other_program.listen()
        with qtbot.waitSignal(again.addressMoved, timeout=10000) as moved:
            assert again.resume()
        moved_url = serving(qtbot, again)
        assert moved_url != url and f":{feed_default_port}/" not in moved_url
        assert long_run_uid(again) in served(moved_url)
        text = again.status.text()
        assert f"Port {feed_default_port} is used by another program" in text
        assert "subscribe again" in text and moved.args == [text.split("\n\n")[0]]
        assert again.url.text() == moved_url  # the new address and its code are shown
        again.stop_server()


def test_an_untitled_plan_is_never_saved_or_served_by_resume(
    qtbot: Any, window: MainWindow
) -> None:
    panel = window.feed_panel
    asked: list[bool] = []

    def save_document() -> bool:  # the Save As dialog
        asked.append(True)
        return False

    panel.save_document = save_document
    remember_serving(window.state.document.plan_uuid, True)
    assert not panel.resume()
    assert asked == [] and panel.server is None and panel.task is None


def test_a_plan_never_served_is_not_started(qtbot: Any, saved: Path) -> None:
    panel = new_panel(qtbot, saved)
    assert not panel.resume() and panel.server is None


def test_opening_another_plan_forgets_the_feed_of_the_one_before(
    qtbot: Any, window: MainWindow, saved: Path
) -> None:
    started_by_the_runner(qtbot, window.feed_panel)
    before = window.state.document.plan_uuid
    assert was_serving(before)
    window.new_plan()  # untitled: the feed stops until it is saved
    assert window.feed_panel.server is None and not was_serving(before)


def test_the_memory_keeps_only_plans_that_keep_a_port() -> None:
    save_app_settings({"feed_serving": ["a", 3, None, "gone"], "other": 1})
    assert serving_plans() == ["a", "gone"]  # what cannot be read is skipped
    remember_port("a", 5000)
    remember_port("b", 5001)
    remember_serving("b", True)
    assert load_app_settings() == {
        "feed_serving": ["a", "b"],  # "gone" kept no port: it could not get its address back
        "other": 1,
        "feed_ports": {"a": 5000, "b": 5001},
    }
    remember_serving("a", False)
    assert serving_plans() == ["b"] and not was_serving("a")


# -- the panel on a laptop screen, the side panel at its default width ------------------------
def cut_off(widget: QWidget, panel: FeedPanel) -> bool:
    """True when part of the widget's text lies outside what the panel shows."""
    content = panel.lines.parentWidget()
    viewport = content.parentWidget()  # the scroll area's: content scrolls up and down only
    if widget.mapTo(content, widget.rect().topRight()).x() >= viewport.width():
        return True
    if widget.height() < max(widget.minimumHeight(), widget.minimumSizeHint().height()):
        return True
    if isinstance(widget, QLabel) and widget.wordWrap():
        return widget.height() < widget.heightForWidth(widget.width())
    if isinstance(widget, QAbstractButton):
        return widget.width() < widget.sizeHint().width()
    return False


@pytest.mark.parametrize("size", [(1366, 768), (1024, 700)], ids=["1366x768", "1024x700"])
def test_every_line_of_the_feed_panel_is_whole_on_a_small_screen(
    qtbot: Any,
    window: MainWindow,
    tmp_path: Path,
    feed_default_port: int,
    lan_on_loopback: None,
    size: tuple[int, int],
) -> None:
    """Too long for the panel's width: elided (whole in the tooltip); too tall: it scrolls."""
    long_name = "spring_half_marathon_sub_1h45_with_two_strength_sessions_a_week"
    path = tmp_path / f"{long_name}.runlift"  # one word a wrapped line cannot break
    window.state.save(path)
    window.resize(*size)
    window.show_side_panel(window.feed_panel)
    panel = window.feed_panel
    panel.lan.click()
    found: list[list[QWidget]] = []
    with socket.socket() as other_program:  # the longest text: the feed had to move
        other_program.bind((LOOPBACK, feed_default_port))
        other_program.listen()
        panel.toggle.click()
        assert panel.task is not None  # heard on the window's thread, after the panel's own
        panel.task.succeeded.connect(lambda _port: found.append(cut_off_widgets(panel)))
        serving(qtbot, panel)
    assert "is used by another program" in panel.status.text()
    assert "…" in panel.status.text() and panel.status.toolTip() == str(path)
    assert panel.minimumSizeHint().width() <= SIDE_WIDTH  # never widens the side panel
    assert (window.width(), window.height()) == size  # nor makes the window outgrow the screen
    # whole at once (a --screenshot takes its picture then) and after the window settled
    assert found == [[]] and cut_off_widgets(panel) == []


def cut_off_widgets(panel: FeedPanel) -> list[QWidget]:
    shown = [
        w
        for w in panel.findChildren(QWidget)
        if isinstance(w, QLabel | QAbstractButton | QLineEdit) and w.isVisibleTo(panel)
    ]
    assert panel.status in shown and panel.busy_url in shown
    content = panel.lines.parentWidget()
    squeezed = content.height() < content.heightForWidth(content.width())  # lines overlap
    return [content] * squeezed + [w for w in shown if cut_off(w, panel)]


def test_the_screenshot_saves_its_scratch_plan_under_a_windows_safe_name(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    assert ":" in window.state.display_name  # "Demo: spring half marathon"
    _start_feed(application(), window, tmp_path)
    assert window.state.path == tmp_path / "Demo - spring half marathon.runlift"
    assert window.feed_panel.server is not None


def test_the_app_started_again_serves_the_feed_at_its_address(
    qtbot: Any, window: MainWindow, saved: Path, ui_settings: QSettings
) -> None:
    """runlift-gui PLAN after a quit with the feed on: it serves again with no click."""
    url = started_by_the_runner(qtbot, window.feed_panel)
    window.close()
    assert not answers(url)
    again = open_window(saved, TODAY, ui_settings)
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.opened, timeout=20000):
        pass
    try:
        qtbot.waitUntil(lambda: again.side_tabs.built_panel("feed") is not None, timeout=10000)
        assert serving(qtbot, again.feed_panel) == url and answers(url)
        assert long_run_uid(again.feed_panel) in served(url)
    finally:
        again.feed_panel.stop_server()


def test_the_app_started_on_a_plan_whose_feed_was_stopped_builds_no_feed_panel(
    qtbot: Any, window: MainWindow, saved: Path, ui_settings: QSettings, monkeypatch: Any
) -> None:
    window.close()
    asked: list[bool] = []
    resume = MainWindow.resume_feed
    monkeypatch.setattr(MainWindow, "resume_feed", lambda w: asked.append(resume(w)) or False)
    again = open_window(saved, TODAY, ui_settings)
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: asked == [False], timeout=20000)  # asked once, just after opening
    assert again.is_open and again.side_tabs.built_panel("feed") is None
