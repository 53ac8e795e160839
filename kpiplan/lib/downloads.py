"""A file a page hands over: its bytes, name and type; exports build one, the view returns its response."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpResponse

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


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
