"""The window's layout kept between sessions: its size on this screen, the panels, the splitter."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QByteArray,
    QRect,
    QSettings,
    QSize,
)
from PySide6.QtWidgets import QMainWindow, QSplitter

DEFAULT_SIZE = QSize(1480, 900)


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
    settings.setValue(f"window/splitter-{splitter.objectName()}", splitter.saveState())
    if document is not None:
        settings.setValue("document/last", str(document))
    settings.sync()


def restore_frame(window: QMainWindow, settings: QSettings) -> bool:
    """The kept size (never larger than this screen) and panels; whether the panels came back."""
    geometry = settings.value("window/geometry")
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
        # saved on a larger screen: never larger than this one
        window.resize(window.size().boundedTo(fitted_size(window.screen().availableGeometry())))
    panels = settings.value("window/panels")
    return isinstance(panels, QByteArray) and window.restoreState(panels)


def restore_splitter(settings: QSettings, splitter: QSplitter) -> None:
    state = settings.value(f"window/splitter-{splitter.objectName()}")
    if isinstance(state, QByteArray):
        splitter.restoreState(state)
