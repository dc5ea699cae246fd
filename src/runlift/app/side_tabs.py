"""The side panel's tabs, some built only when first wanted, some grouped under one tab.

The delivery panels (feed, Google, CalDAV, watch) pull in network clients, the keyring and the
calendar writer; none of that is needed to show the plan. Their tabs hold an empty page until the
runner opens one (or the program asks for the panel), so the window paints first. They share one
"Send" tab with tabs of its own, so every tab title fits a side panel on a laptop screen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget


class _LaterPage(QWidget):
    """A tab's page that builds its panel the first time it is needed."""

    def __init__(self, build: Callable[[], QWidget], group: QTabWidget | None) -> None:
        super().__init__()
        self._build = build
        self.group = group  # the inner tabs it sits in, if any
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
    """A QTabWidget whose pages may be built later and grouped; ``currentWidget`` and
    ``setCurrentWidget`` speak of the panels themselves, built or not, grouped or not."""

    def __init__(self) -> None:
        super().__init__()
        self._later: dict[str, _LaterPage] = {}
        self._groups: dict[str, QTabWidget] = {}
        self._held = True  # nothing is built before ``release``: the panels need the document
        self.currentChanged.connect(lambda _index: self._build_shown())

    def add_later(
        self, name: str, build: Callable[[], QWidget], title: str, group: str | None = None
    ) -> None:
        """A tab for the panel ``build`` makes, in the inner tabs called ``group`` if given."""
        inner = self._group(group) if group else None
        page = _LaterPage(build, inner)
        self._later[name] = page
        (inner or self).addTab(page, title)

    def _group(self, title: str) -> QTabWidget:
        if title not in self._groups:
            inner = QTabWidget()
            inner.setDocumentMode(True)  # one frame around both rows of tabs, not two
            inner.currentChanged.connect(lambda _index: self._build_shown())
            self._groups[title] = inner
            self.addTab(inner, title)
        return self._groups[title]

    def panel(self, name: str) -> QWidget:
        """The named panel, built now if it was not yet."""
        return self._later[name].built()

    def built_panel(self, name: str) -> QWidget | None:
        """The named panel if it has been built, else None (nothing is built by asking)."""
        return self._later[name].panel

    def titles(self) -> list[str]:
        """Every tab's title, a grouped one as ``Send ▸ Watch``."""
        titles: list[str] = []
        for index in range(self.count()):
            page, title = self.widget(index), self.tabText(index)
            if isinstance(page, QTabWidget):
                titles += [f"{title} ▸ {page.tabText(i)}" for i in range(page.count())]
            else:
                titles.append(title)
        return titles

    def release(self) -> None:
        """The document is open: the page on top is built now, the others when opened."""
        self._held = False
        self._build_shown()

    def _shown_page(self) -> QWidget:
        page = super().currentWidget()
        return page.currentWidget() if isinstance(page, QTabWidget) else page

    def _build_shown(self) -> None:
        page = self._shown_page()
        if not self._held and isinstance(page, _LaterPage):
            page.built()

    def setCurrentWidget(self, widget: QWidget) -> None:
        page = next((p for p in self._later.values() if widget in (p, p.panel)), None)
        if page is None:
            super().setCurrentWidget(widget)
        elif page.group is not None:
            page.group.setCurrentWidget(page)
            super().setCurrentWidget(page.group)
        else:
            super().setCurrentWidget(page)

    def currentWidget(self) -> QWidget:
        page = self._shown_page()
        return page.built() if isinstance(page, _LaterPage) else page
