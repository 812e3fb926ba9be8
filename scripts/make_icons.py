"""Draw the web app's PNG icons (home screen, favicon) to match static/icons/icon.svg.

Run: ``.venv/bin/python scripts/make_icons.py`` (needs Pillow). The shapes are the SVG's: a blue
rounded square, a white limb, an orange band around it.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parents[1] / "src" / "occlusion" / "web" / "static" / "icons"
BLUE, WHITE, ORANGE = "#1d4f91", "#ffffff", "#ff9f1c"


def draw(size: int, *, maskable: bool = False) -> Image.Image:
    """Return the icon at ``size`` px; a maskable icon fills the square (safe zone 80 %)."""
    scale = size / 512
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if maskable:
        pen.rectangle((0, 0, size, size), fill=BLUE)
        inner = 0.8
        offset = 512 * (1 - inner) / 2

        def box(x: float, y: float, w: float, h: float) -> tuple[float, float, float, float]:
            return (
                (offset + x * inner) * scale,
                (offset + y * inner) * scale,
                (offset + (x + w) * inner) * scale,
                (offset + (y + h) * inner) * scale,
            )
    else:
        pen.rounded_rectangle((0, 0, size - 1, size - 1), radius=96 * scale, fill=BLUE)

        def box(x: float, y: float, w: float, h: float) -> tuple[float, float, float, float]:
            return (x * scale, y * scale, (x + w) * scale, (y + h) * scale)

    pen.rounded_rectangle(box(196, 64, 120, 384), radius=60 * scale, fill=WHITE)
    pen.rounded_rectangle(box(152, 220, 208, 72), radius=18 * scale, fill=ORANGE)
    return image


def main() -> None:
    """Write every PNG size the manifest and the pages name."""
    for size in (32, 180, 192, 512):
        draw(size).save(ICONS / f"icon-{size}.png")
    draw(512, maskable=True).save(ICONS / "icon-maskable-512.png")


if __name__ == "__main__":
    main()
