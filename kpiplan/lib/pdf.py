"""HTML to PDF with WeasyPrint, in the Thai font shipped with the application (Sarabun, OFL).

What every document shares is made once per process and reused (``_Shared``): the font configuration (the
fonts are loaded into fontconfig once, not per document), the ``@font-face`` stylesheet, and the URL fetcher
(WeasyPrint's default one builds an SSL context per document, ~90 ms; ours fetches only files and data: URLs,
so a document can never reach the network). A batch of documents is rendered on several worker processes
(``render_many``), each with its own shared set; workers only turn HTML into PDF bytes and never touch the
database, so the caller builds the HTML (and reads the data) and the workers do the layout, where the time goes.
"""

from __future__ import annotations

import atexit
import io
import multiprocessing
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
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


@cache
def _shared():
    """This process's font configuration, font stylesheet and URL fetcher, made on first use."""
    # imported here: loading pango costs ~0.3 s and most requests need no PDF
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=("file", "data"))
    font_config = FontConfiguration()
    fonts = CSS(string=font_face_css(), font_config=font_config, url_fetcher=fetcher)
    return font_config, fonts, fetcher


# Dropped before the interpreter tears its modules down: WeasyPrint's FontConfiguration.__del__ needs them.
atexit.register(_shared.cache_clear)


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """One document; the Sarabun faces are added to its own stylesheets."""
    from weasyprint import HTML

    font_config, fonts, fetcher = _shared()
    return HTML(string=html, base_url=base_url or str(Path.cwd()), url_fetcher=fetcher).write_pdf(
        stylesheets=[fonts], font_config=font_config
    )


def workers_for(n_documents: int) -> int:
    """One worker per core (settings.PDF_WORKERS overrides), never more than there are documents."""
    from django.conf import settings

    wanted = getattr(settings, "PDF_WORKERS", 0) or os.cpu_count() or 1
    return max(1, min(wanted, n_documents))


def _pool(workers: int) -> ProcessPoolExecutor:
    # forkserver, not fork: the caller may have threads (a web server, the task worker) and a forked child
    # would inherit their locks half-held. The server imports WeasyPrint once; workers fork from it ready.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["kpiplan.lib.pdf", "weasyprint"])
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


def render_many(htmls: Iterable[str], *, workers: int | None = None) -> Iterator[bytes]:
    """The PDFs of the documents, in their order, rendered on ``workers`` processes (default: one per core)."""
    htmls = list(htmls)
    workers = workers or workers_for(len(htmls))
    if workers <= 1:
        yield from (html_to_pdf(html) for html in htmls)
        return
    with _pool(workers) as pool:
        yield from pool.map(html_to_pdf, htmls)


def render_joined(htmls: Iterable[str], *, workers: int | None = None) -> bytes:
    """Several documents rendered side by side and joined into one PDF, pages in order."""
    parts = list(render_many(htmls, workers=workers))
    if len(parts) == 1:
        return parts[0]
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(io.BytesIO(part))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@dataclass(frozen=True)
class Laid:
    """A document laid out once: its PDF, and where its elements with an id start on the first page (CSS px
    from the page's top left corner)."""

    pdf: bytes
    anchors: dict[str, tuple[float, float]]


def layout(html: str, *, base_url: str | None = None) -> Laid:
    from weasyprint import HTML

    font_config, fonts, fetcher = _shared()
    document = HTML(string=html, base_url=base_url or str(Path.cwd()), url_fetcher=fetcher).render(
        stylesheets=[fonts], font_config=font_config
    )
    return Laid(document.write_pdf(), dict(document.pages[0].anchors))


def stamped(overlays: Iterable[bytes], backgrounds: Sequence[bytes], background_of: Sequence[int]) -> bytes:
    """The pages of the overlay documents, in order, the n-th drawn over the first page of
    ``backgrounds[background_of[n]]``. Each background is kept once in the result (a form XObject every page
    draws first), so a thousand letters on one letterhead weigh little more than the letterhead."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject

    writer = PdfWriter()
    forms = []
    for background in backgrounds:
        page = PdfReader(io.BytesIO(background)).pages[0]
        form = DecodedStreamObject()
        form.set_data(page.get_contents().get_data())
        form.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): ArrayObject(FloatObject(v) for v in page.mediabox),
                NameObject("/Resources"): page["/Resources"].get_object().clone(writer),
            }
        )
        forms.append(writer._add_object(form))
    for overlay in overlays:
        writer.append(PdfReader(io.BytesIO(overlay)))
    if len(writer.pages) != len(background_of):
        raise ValueError(f"{len(writer.pages)} overlay pages for {len(background_of)} backgrounds")
    for page, which in zip(writer.pages, background_of, strict=True):
        resources = page["/Resources"].get_object()
        xobjects = resources.get("/XObject")
        if xobjects is None:
            xobjects = resources[NameObject("/XObject")] = DictionaryObject()
        xobjects.get_object()[NameObject("/Background")] = forms[which]
        contents = DecodedStreamObject()
        contents.set_data(b"q /Background Do Q\n" + page.get_contents().get_data())
        page.replace_contents(contents)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
