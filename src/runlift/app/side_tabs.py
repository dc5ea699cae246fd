"""The side panel's tabs, some built only when first wanted.

The delivery panels (feed, Google, CalDAV, watch) pull in network clients, the keyring and the
calendar writer; none of that is needed to show the plan. Their tabs hold an empty page until the
runner opens one (or the program asks for the panel), so the window paints first.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget


class _LaterPage(QWidget):
    """A tab's page that builds its panel the first time it is needed."""

    def __init__(self, build: Callable[[], QWidget]) -> None:
        super().__init__()
        self._build = build
        self.panel: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def built(self) -> QWidget:
        if self.panel is None:
            self.panel = self._build()
            self._layout.addWidget(self.panel)
            self.panel.show()  # not left to the next event loop pass: shown with its page
        return self.panel


class SideTabs(QTabWidget):
    """A QTabWidget whose pages may be built later; ``currentWidget`` and ``setCurrentWidget``
    speak of the panels themselves, built or not."""

    def __init__(self) -> None:
        super().__init__()
        self._later: dict[str, _LaterPage] = {}
        self._held = True  # nothing is built before ``release``: the panels need the document
        self.currentChanged.connect(self._build_current)

    def add_later(self, name: str, build: Callable[[], QWidget], title: str) -> None:
        page = _LaterPage(build)
        self._later[name] = page
        self.addTab(page, title)

    def panel(self, name: str) -> QWidget:
        """The named panel, built now if it was not yet."""
        return self._later[name].built()

    def built_panel(self, name: str) -> QWidget | None:
        """The named panel if it has been built, else None (nothing is built by asking)."""
        return self._later[name].panel

    def release(self) -> None:
        """The document is open: the page on top is built now, the others when opened."""
        self._held = False
        self._build_current(self.currentIndex())

    def _build_current(self, index: int) -> None:
        if self._held:
            return
        page = self.widget(index)
        if isinstance(page, _LaterPage):
            page.built()

    def setCurrentWidget(self, widget: QWidget) -> None:
        for page in self._later.values():
            if page.panel is widget:
                widget = page
        super().setCurrentWidget(widget)

    def currentWidget(self) -> QWidget:
        page = super().currentWidget()
        if isinstance(page, _LaterPage):
            return page.built()
        return page
