"""The window's layout kept between sessions: its size on this screen, the panels, the splitter."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QEvent,
    QObject,
    QRect,
    QSettings,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QDockWidget, QMainWindow, QSplitter

DEFAULT_SIZE = QSize(1480, 900)
SETUP_WIDTH = 330
SIDE_WIDTH = 330
GRID_WIDTH = 700  # the week column and seven day columns at their narrowest, and a scroll bar


FRAME = QSize(16, 40)  # the window frame (borders, title bar) is not part of the window's size


def fitted_size(available: QRect) -> QSize:
    """The default size, cut to the screen's available area (a 1366x768 laptop)."""
    return DEFAULT_SIZE.boundedTo(available.size() - FRAME)


def save_layout(
    window: QMainWindow, settings: QSettings, splitter: QSplitter, document: Path | None
) -> None:
    """Keep the window's size, its panels, the splitter and the open document for next time."""
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/panels", window.saveState())
    # the panels' own widths: Qt's saved state hands the space it finds over to a panel
    widths = {
        dock.objectName(): dock.width()
        for dock in window.findChildren(QDockWidget)
        if dock.isVisible() and not dock.isFloating()  # a panel behind another has no width
    }
    settings.setValue("window/panel-widths", json.dumps(widths))
    settings.setValue(f"window/splitter-{splitter.objectName()}", splitter.saveState())
    if document is not None:
        settings.setValue("document/last", str(document))
    settings.sync()


def restore_size(window: QMainWindow, settings: QSettings) -> None:
    """The kept size, never larger than this screen (it may have been saved on a larger one)."""
    geometry = settings.value("window/geometry")
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
        available = window.screen().availableGeometry().size()
        window.resize(window.size().boundedTo(available - FRAME))


def restore_panels(window: QMainWindow, settings: QSettings) -> bool:
    """The panels as the runner left them: where each is, stacked or not, their widths.

    Only once the panels hold their real widgets: restored around placeholders, the sizes
    are worked out again when the widgets arrive, and the week ends up a strip. Qt's saved
    state gives the panels what room it finds, so their widths are set again, as kept
    (``keep_widths``), once the restored state has been laid out.
    """
    panels = settings.value("window/panels")
    return isinstance(panels, QByteArray) and window.restoreState(panels)


def keep_widths(window: QMainWindow, settings: QSettings) -> None:
    """Each docked panel at the width the runner left it."""
    try:
        kept = json.loads(str(settings.value("window/panel-widths", "{}")))
    except ValueError:
        return
    if not isinstance(kept, dict):
        return
    docked = [
        dock
        for dock in window.findChildren(QDockWidget)
        if dock.isVisible()
        and not dock.isFloating()
        and isinstance(kept.get(dock.objectName()), int)
    ]
    if docked:
        widths = [int(kept[dock.objectName()]) for dock in docked]
        window.resizeDocks(docked, widths, Qt.Orientation.Horizontal)


def default_panels(window: QMainWindow, setup: QDockWidget, side: QDockWidget) -> None:
    """Setup on the left and details on the right, both shown, at their fitted widths."""
    for dock, area in ((setup, Qt.DockWidgetArea.LeftDockWidgetArea),
                       (side, Qt.DockWidgetArea.RightDockWidgetArea)):  # fmt: skip
        dock.setFloating(False)
        window.addDockWidget(area, dock)  # out of a stack, back to its own side
        dock.show()
    window.resizeDocks([setup, side], [SETUP_WIDTH, SIDE_WIDTH], Qt.Orientation.Horizontal)


def fit_panels(window: QMainWindow, setup: QDockWidget, side: QDockWidget, keep: bool) -> bool:
    """The whole week in view; whether the layout on screen was kept (``keep``: the runner's
    own, restored or arranged, stays if the whole week fits beside it).

    Too narrow for setup, week and details side by side (a small laptop, or a layout kept
    from a larger screen): the details stack behind the setup. A layout the runner left is
    kept where the whole week fits beside it; where it does not (kept from a larger screen,
    or the window was made smaller), the panels go back to their fitted widths.
    """
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # laid out first
    central = window.centralWidget()
    week = central.width() if central is not None else 0
    if keep and week >= GRID_WIDTH:
        return True
    docked = [d for d in (setup, side) if not d.isHidden() and not d.isFloating()]
    stacked = len(docked) == 2 and bool(window.tabifiedDockWidgets(setup))
    if len(docked) == 2 and not stacked and window.width() < SETUP_WIDTH + SIDE_WIDTH + GRID_WIDTH:
        window.tabifyDockWidget(setup, side)
        setup.raise_()
        stacked = True
    shown = [setup] if stacked else docked  # a stack has the width of the panel in front
    widths = [SETUP_WIDTH if dock is setup else SIDE_WIDTH for dock in shown]
    room = window.width() - GRID_WIDTH - 8 * (len(shown) + 1)  # what is left beside the week
    if shown and sum(widths) > room:  # a small window: the panels give way, not the week
        widths = [max(room // len(shown), dock.minimumSizeHint().width()) for dock in shown]
    window.resizeDocks(shown, widths, Qt.Orientation.Horizontal)
    return False


def restore_splitter(settings: QSettings, splitter: QSplitter) -> None:
    state = settings.value(f"window/splitter-{splitter.objectName()}")
    if isinstance(state, QByteArray):
        splitter.restoreState(state)


class PanelFit(QObject):
    """Keeps the whole week in view as the window is shown, restored and resized; the layout
    the runner left is kept wherever it leaves room for the week."""

    def __init__(
        self, window: QMainWindow, setup: QDockWidget, side: QDockWidget, settings: QSettings
    ) -> None:
        super().__init__(window)
        self.window, self.setup, self.side, self.settings = window, setup, side, settings
        self.restored = False  # the runner's layout is on screen
        self.shown = False
        window.installEventFilter(self)

    def restore(self) -> None:
        """The runner's layout, once the panels hold their real widgets."""
        self.restored = restore_panels(self.window, self.settings)
        if self.shown:
            QTimer.singleShot(0, self._fit_kept)  # once the restored state is laid out

    def fit(self, keep: bool | None = None) -> None:
        self.restored = fit_panels(
            self.window, self.setup, self.side, self.restored if keep is None else keep
        )

    def reset(self) -> None:
        default_panels(self.window, self.setup, self.side)
        self.restored = False
        self.fit()

    def _fit_kept(self) -> None:
        if self.restored:
            keep_widths(self.window, self.settings)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Show and not self.shown:
            self.shown = True
            if self.restored:  # restored before it was shown: the kept widths, laid out
                QTimer.singleShot(0, self._fit_kept)
            else:
                self.fit()
        elif watched is self.window and event.type() == QEvent.Type.Resize and self.shown:
            assert isinstance(event, QResizeEvent)
            if event.size().width() < event.oldSize().width():  # the week must still fit
                QTimer.singleShot(0, lambda: self.fit(keep=True))
        return False
