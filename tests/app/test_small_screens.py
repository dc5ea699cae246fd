"""Small screens: at 1024x700 the whole week is in view; the panels can be closed, stacked or
floated; the window never opens larger than the screen."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QRect, QSettings, QSize

from runlift.app.window.layout import fitted_size
from runlift.app.window.main import MainWindow
from runlift.plan.model import Kind
from runlift.storage.document import Document
from tests.app.conftest import TODAY
from tests.app.restart_session import WEEK, day_columns_in_view


def _open(qtbot: Any, demo: Document, ui_settings: QSettings, size: QSize | None) -> MainWindow:
    window = MainWindow(demo, TODAY, None, ui_settings)
    qtbot.addWidget(window)
    if size is not None:
        window.resize(size)
    window.show()
    qtbot.waitExposed(window)
    return window


def _whole_week_in_view(qtbot: Any, window: MainWindow) -> None:
    """The docks settle over a few posted layout events after the first paint."""
    qtbot.waitUntil(lambda: day_columns_in_view(window) == WEEK)
    assert window.plan_view.horizontalScrollBar().maximum() == 0


def test_at_1024x700_all_seven_days_are_in_view(
    qtbot: Any, demo: Document, ui_settings: QSettings, dialogs: Any
) -> None:
    window = _open(qtbot, demo, ui_settings, QSize(1024, 700))
    _whole_week_in_view(qtbot, window)
    assert window.setup_dock.isVisible() and not window.setup_panel.visibleRegion().isEmpty()
    # the details are stacked behind the setup; picking a session brings them to the front
    lift = next(s for s in window.state.plan.sessions if s.kind is Kind.STRENGTH)
    window.plan_view.select_session(lift.id)
    assert not window.details.visibleRegion().isEmpty()
    assert lift.title in window.details.toPlainText()
    _whole_week_in_view(qtbot, window)


def test_closing_the_panels_gives_the_week_more_room(
    qtbot: Any, demo: Document, ui_settings: QSettings, dialogs: Any
) -> None:
    window = _open(qtbot, demo, ui_settings, QSize(1024, 700))
    _whole_week_in_view(qtbot, window)
    before = window.plan_view.columnWidth(1)
    window.actions_by_name["setup_panel"].trigger()  # View ▸ Setup panel (Ctrl+1)
    assert not window.setup_dock.isVisible()
    assert window.side_dock.isVisible()  # the details, stacked behind it, take its place
    window.actions_by_name["side_panel"].trigger()  # View ▸ Details panel (Ctrl+2)
    qtbot.waitUntil(lambda: window.plan_view.columnWidth(1) > before + 30)
    window.actions_by_name["setup_panel"].trigger()
    assert window.setup_dock.isVisible() and not window.side_dock.isVisible()


def test_a_wide_window_shows_setup_week_and_details_side_by_side(
    qtbot: Any, demo: Document, ui_settings: QSettings, dialogs: Any
) -> None:
    window = _open(qtbot, demo, ui_settings, QSize(1366, 768))
    _whole_week_in_view(qtbot, window)
    assert not window.setup_panel.visibleRegion().isEmpty()
    assert not window.side_tabs.visibleRegion().isEmpty()
    assert window.tabifiedDockWidgets(window.setup_dock) == []


def test_a_layout_kept_from_a_wide_screen_still_shows_the_week_on_a_small_one(
    qtbot: Any, demo: Document, ui_settings: QSettings, dialogs: Any
) -> None:
    wide = _open(qtbot, demo, ui_settings, QSize(1366, 768))
    _whole_week_in_view(qtbot, wide)
    wide.save_ui_state()  # setup and details side by side
    small = _open(qtbot, demo, ui_settings, QSize(1024, 700))
    _whole_week_in_view(qtbot, small)
    assert small.tabifiedDockWidgets(small.setup_dock) == [small.side_dock]


def test_the_window_opens_no_larger_than_the_screen(
    qtbot: Any, demo: Document, ui_settings: QSettings, dialogs: Any
) -> None:
    window = _open(qtbot, demo, ui_settings, None)
    available = window.screen().availableGeometry()
    assert window.frameGeometry().width() <= available.width()
    assert window.frameGeometry().height() <= available.height()
    # a size saved on a larger screen is cut to this one
    big = MainWindow(demo, TODAY, None, ui_settings)
    qtbot.addWidget(big)
    big.resize(3000, 2000)
    big.save_ui_state()
    again = _open(qtbot, demo, ui_settings, None)
    assert again.width() <= available.width() and again.height() <= available.height()
    assert isinstance(ui_settings.value("window/geometry"), QByteArray)


def test_the_default_size_is_cut_to_a_laptop_screen() -> None:
    assert fitted_size(QRect(0, 0, 1920, 1080)) == QSize(1480, 900)
    assert fitted_size(QRect(0, 0, 1366, 768)) == QSize(1350, 728)
