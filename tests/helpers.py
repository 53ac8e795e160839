"""Test helpers."""

from kpiplan.lib.htmlforms import form_fields

__all__ = ["form_fields"]
