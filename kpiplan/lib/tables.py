"""Lists that read on a phone: a django-tables2 table that becomes one card per row under a breakpoint.

Each cell carries its column's name (``data-label``), which the stylesheet shows beside the value when the table
is stacked (static/css/kpiplan.css, ``table.stacked``): no sideways scrolling, and no column (the due date) lost.
"""

from __future__ import annotations


class StackedOnPhones:
    """Mix into a django_tables2.Table (before it); add the class "stacked" to the table's attrs."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for (
            bound
        ) in self.columns:  # the table's own copies of its columns (django-tables2 copies them per table)
            bound.column.attrs.setdefault("td", {})["data-label"] = str(bound.header)
