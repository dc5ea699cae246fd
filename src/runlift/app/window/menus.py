"""The main window's menus, their shortcuts and the two help boxes.

The menu bar's titles are there from the window's first paint (``main_window.MENU_TITLES``);
their actions are added with the document, since Undo and Redo belong to its undo stack.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

if TYPE_CHECKING:
    from runlift.app.shell import Shell

Shortcut = QKeySequence.StandardKey | str | None


def add_actions(window: Shell, menus: dict[str, QMenu]) -> dict[str, QAction]:
    """Every menu action, by name (tests and the window trigger them by name)."""
    actions: dict[str, QAction] = {}

    def add(menu: str, name: str, text: str, shortcut: Shortcut, slot: Callable[[], object]
            ) -> QAction:  # fmt: skip
        action = QAction(text, window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menus[menu].addAction(action)
        actions[name] = action
        return action

    add("file", "new", "&New plan", QKeySequence.StandardKey.New, window.new_plan)
    add("file", "open", "&Open…", QKeySequence.StandardKey.Open, window.open_plan)
    window.recent_menu = menus["file"].addMenu("Open &recent")
    window.recent_menu.aboutToShow.connect(window.fill_recent)
    add("file", "save", "&Save", QKeySequence.StandardKey.Save, window.save)
    add("file", "save_as", "Save &as…", QKeySequence.StandardKey.SaveAs, window.save_as)
    menus["file"].addSeparator()
    add("file", "export", "&Export .ics…", "Ctrl+E", window.export_ics)
    add("file", "export_pdf", "Export &PDF…", None, window.export_pdf)
    add("file", "print", "&Print…", QKeySequence.StandardKey.Print, window.print_plan)
    menus["file"].addSeparator()
    add("file", "quit", "&Quit", QKeySequence.StandardKey.Quit, window.close)
    undo = window.state.undo_stack.createUndoAction(window, "&Undo")
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    redo = window.state.undo_stack.createRedoAction(window, "&Redo")
    redo.setShortcut(QKeySequence.StandardKey.Redo)
    menus["edit"].addActions([undo, redo])
    actions.update(undo=undo, redo=redo)
    add("view", "today", "Go to &today", "Ctrl+T", window.go_to_today)
    add("view", "warnings", "Show &warnings", "Ctrl+Shift+W",
        lambda: window.show_side_panel(window.warnings))  # fmt: skip
    menus["view"].addSeparator()
    for dock_name, dock, shortcut in (("setup", window.setup_dock, "Ctrl+1"),
                                      ("side", window.side_dock, "Ctrl+2")):  # fmt: skip
        toggle = dock.toggleViewAction()
        toggle.setText(f"{dock.windowTitle()} panel")
        toggle.setShortcut(QKeySequence(shortcut))
        menus["view"].addAction(toggle)
        actions[f"{dock_name}_panel"] = toggle
    add("view", "reset_layout", "&Reset layout", "Ctrl+0", window.reset_layout)
    keys = add("help", "keyboard", "&Keyboard use of the plan…", "F1",
               lambda: show_keyboard_help(window))  # fmt: skip
    keys.setToolTip("Move, skip and restore workouts without a mouse")
    add("help", "about", "&About RunLift", None, lambda: show_about(window))
    return actions


def show_keyboard_help(window: Shell) -> None:
    from runlift.app.view.keys import KEYBOARD_HELP

    rows = "".join(f"<tr><td><b>{key}</b></td><td>{what}</td></tr>" for key, what in KEYBOARD_HELP)
    QMessageBox.information(
        window,
        "Keyboard use of the plan",
        "Click the plan or Tab to it, then:<table cellspacing=4>" + rows + "</table>"
        "Every move, skip and restore is one step of Edit ▸ Undo.",
    )


def show_about(window: Shell) -> None:
    QMessageBox.about(
        window,
        "About RunLift",
        "RunLift builds a running + strength plan toward your race, tapers it and cuts "
        "strength back before race day, and sends it to your calendar.",
    )
