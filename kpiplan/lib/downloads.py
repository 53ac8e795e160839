"""Files a page hands over. `Download`: bytes built for the request (exports); `stored_file_response`: a file
kept in storage (evidence, report ZIPs, letters), which only a view that has checked access may return."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.http import FileResponse, HttpResponse

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
ZIP = "application/zip"

# The types a stored file may be handed over as, with the extension its stored name gets. Anything else goes
# out as application/octet-stream: a browser saves it and never renders it (text/html, image/svg+xml, …).
SAFE_TYPES = {
    PDF: ".pdf",
    XLSX: ".xlsx",
    ZIP: ".zip",
    CSV: ".csv",
    "text/csv": ".csv",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
}
OCTET_STREAM = "application/octet-stream"
SAME_EXTENSION = {".jpg": (".jpeg",)}


@dataclass(frozen=True)
class Download:
    content: bytes
    filename: str
    content_type: str

    def response(self, *, inline: bool = False) -> HttpResponse:
        """Saved by the browser, or shown in it (inline: a PDF opened in a tab)."""
        response = HttpResponse(self.content, content_type=self.content_type)
        disposition = "inline" if inline else "attachment"
        response["Content-Disposition"] = f'{disposition}; filename="{self.filename}"'
        return response


def generated_name(folder: str, content_type: str) -> str:
    """A stored file's name: unguessable, and never the uploader's (their name is kept in the database for
    display and download). The extension follows the type judged from the content, not the name given."""
    return str(PurePosixPath(folder) / f"{secrets.token_hex(16)}{SAFE_TYPES.get(content_type, '.bin')}")


def _display_name(name: str, content_type: str) -> str:
    """The name the file is saved under: printable (a header holds no control characters), and ending in the
    extension of its type, so that "page.html" holding a PDF is saved as "page.html.pdf", opened as a PDF."""
    name = "".join(ch for ch in name if ch.isprintable()).strip() or "file"
    extension = SAFE_TYPES.get(content_type, ".bin")
    if not name.lower().endswith((extension, *SAME_EXTENSION.get(extension, ()))):
        name += extension
    return name


def stored_file_response(file, *, filename: str, content_type: str) -> FileResponse:
    """A stored file as a download: always an attachment, under a type from SAFE_TYPES, marked nosniff and
    sandboxed, so that whatever bytes it holds a browser never runs them as a page of this site."""
    safe_type = content_type if content_type in SAFE_TYPES else OCTET_STREAM
    response = FileResponse(
        file.open("rb"),
        as_attachment=True,
        filename=_display_name(filename, safe_type),
        content_type=safe_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Set here, the site-wide policy of the CSP middleware does not replace it.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def is_generated_name(name: str) -> bool:
    stem, _dot, _ext = PurePosixPath(name).name.partition(".")
    return len(stem) == 32 and all(ch in "0123456789abcdef" for ch in stem)


def move_stored_file(storage, name: str, new_name: str) -> str | None:
    """Move a stored file to a new name (for data migrations); the name it got, or None when it is missing."""
    if not storage.exists(name):
        return None
    with storage.open(name, "rb") as source:
        saved = storage.save(new_name, source)
    storage.delete(name)
    return saved
