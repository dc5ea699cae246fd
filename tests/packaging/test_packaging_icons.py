"""The app icon: every PNG size, the Windows .ico and the macOS .icns, all rendered from the SVG."""

from __future__ import annotations

import importlib.util
from types import ModuleType

import pytest
from packaging_layout import ICONS, ROOT
from PySide6.QtGui import QImage, QImageReader
from PySide6.QtSvg import QSvgRenderer


def _render_icons() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "render_icons", ROOT / "packaging" / "render_icons.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


RENDER = _render_icons()


def _sizes_in(path_name: str) -> list[int]:
    reader = QImageReader(str(ICONS / path_name))
    sizes = []
    for index in range(reader.imageCount()):
        assert reader.jumpToImage(index)
        image = reader.read()
        assert image.width() == image.height(), f"{path_name} #{index} is not square"
        sizes.append(image.width())
    return sizes


def _mean_difference(one: QImage, other: QImage) -> float:
    """Mean absolute difference per channel (0-255) of two images of one size."""
    # Each converted image is held while its bytes are read: a temporary would be freed under
    # the memoryview constBits() returns (a crash, now and then, at the larger sizes).
    one_rgba = one.convertToFormat(QImage.Format.Format_RGBA8888)
    other_rgba = other.convertToFormat(QImage.Format.Format_RGBA8888)
    first = bytes(one_rgba.constBits())
    second = bytes(other_rgba.constBits())
    return sum(abs(a - b) for a, b in zip(first, second, strict=True)) / len(first)


@pytest.mark.parametrize("size", RENDER.PNG_SIZES)
def test_each_png_has_the_size_in_its_name(qapp: object, size: int) -> None:
    image = QImage(str(ICONS / f"runlift-{size}.png"))
    assert not image.isNull()
    assert (image.width(), image.height()) == (size, size)
    assert image.hasAlphaChannel()  # the rounded corners are transparent
    assert image.pixelColor(0, 0).alpha() == 0


@pytest.mark.parametrize("size", [16, 64, 512])
def test_pngs_match_the_svg(qapp: object, size: int) -> None:
    renderer = QSvgRenderer(str(ICONS / "runlift.svg"))
    assert renderer.isValid()
    fresh = QImage.fromData(RENDER.render_png(renderer, size))
    committed = QImage(str(ICONS / f"runlift-{size}.png"))
    # A small tolerance: another Qt version may antialias edges a little differently.
    assert _mean_difference(fresh, committed) < 2.0, "run packaging/render_icons.py again"


def test_ico_holds_the_windows_sizes(qapp: object) -> None:
    assert _sizes_in("runlift.ico") == list(RENDER.ICO_SIZES)


def test_icns_holds_the_macos_sizes(qapp: object) -> None:
    assert _sizes_in("runlift.icns") == [size for _, size in RENDER.ICNS_TYPES]


def test_ico_writer_marks_256_as_zero() -> None:
    # The .ico directory stores sizes in one byte; 256 is written as 0 (a real format rule).
    data = RENDER.ico_bytes({16: b"sixteen", 256: b"two-five-six"})
    first, second = data[6:22], data[22:38]
    assert (first[0], first[1], second[0], second[1]) == (16, 16, 0, 0)
    assert data.endswith(b"sixteentwo-five-six")
