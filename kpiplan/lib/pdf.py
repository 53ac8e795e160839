"""HTML to PDF with WeasyPrint, in the Thai font shipped with the application (Sarabun, OFL)."""

from __future__ import annotations

from pathlib import Path

import fontpkg_sarabun

FONT_DIR = Path(fontpkg_sarabun.ROOT) / "files"


def font_face_css() -> str:
    """@font-face rules for Sarabun from the installed package (no network, no system font needed)."""
    faces = [("Regular", 400, "normal"), ("Bold", 700, "normal"), ("Italic", 400, "italic")]
    return "\n".join(
        f'@font-face {{ font-family: "Sarabun"; src: url("{(FONT_DIR / f"Sarabun-{name}.ttf").as_uri()}"); '
        f"font-weight: {weight}; font-style: {style}; }}"
        for name, weight, style in faces
    )


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    from weasyprint import HTML  # imported here: loading pango costs ~0.3 s and most requests need no PDF

    return HTML(string=html, base_url=base_url or str(Path.cwd())).write_pdf()
