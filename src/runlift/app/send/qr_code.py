"""The QR code a phone scans to subscribe to the feed: its modules, and a picture of them.

The modules can be worked out on any thread (the feed's start task does it); the picture is
painted on the window's.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QPixmap

QR_SIZE = 220
Modules = list[list[bool]]  # rows of modules, True for dark


def qr_matrix(text: str) -> Modules:
    """The QR code modules of ``text`` with a quiet zone of 2 modules."""
    import qrcode  # imported on first use: start-up stays quick

    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    return [[bool(cell) for cell in row] for row in code.get_matrix()]


def qr_pixmap(text: str, size: int = QR_SIZE) -> QPixmap:
    return modules_pixmap(qr_matrix(text), size)


def modules_pixmap(matrix: Modules, size: int = QR_SIZE) -> QPixmap:
    """Black modules on white whatever the palette: phone cameras need the contrast."""
    module = max(1, size // len(matrix))
    pixmap = QPixmap(module * len(matrix), module * len(matrix))
    pixmap.fill(QColor("white"))
    painter = QPainter(pixmap)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.fillRect(QRectF(x * module, y * module, module, module), QColor("black"))
    painter.end()
    return pixmap
