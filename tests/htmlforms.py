"""Read a page's form the way a browser would submit it (tests and benchmarks post real pages)."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id: str | None):
        super().__init__()
        self.form_id = form_id
        self.inside = form_id is None
        self.fields: dict[str, str | list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self._multiple = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and self.form_id is not None:
            self.inside = a.get("id") == self.form_id
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "file", "checkbox"):
            if "disabled" not in a:
                self.fields[name] = a.get("value", "")
        elif tag == "input" and name and a.get("type") == "checkbox":
            if "checked" in a and "disabled" not in a:  # a ticked box is sent; two of a name make a list
                value = a.get("value", "on")
                before = self.fields.get(name)
                self.fields[name] = (
                    value if before is None else [*([before] if isinstance(before, str) else before), value]
                )
        elif tag == "textarea" and name and "disabled" not in a:
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select" and name and "disabled" not in a:
            self._select = name
            self._multiple = "multiple" in a  # a multi-select sends every chosen option (none: nothing)
            self.fields.setdefault(name, [] if self._multiple else "")
        elif tag == "option" and self._select and "selected" in a:
            if self._multiple:
                self.fields[self._select].append(a.get("value", ""))
            else:
                self.fields[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form" and self.form_id is not None:
            self.inside = False

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data.lstrip("\n") if not self.fields[self._textarea] else data


def form_fields(html: str, form_id: str | None = "entry-form") -> dict[str, str | list[str]]:
    reader = _FormReader(form_id)
    reader.feed(html)
    return reader.fields
