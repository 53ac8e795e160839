"""Small server-side SVG charts: no JavaScript, readable on screen and on paper."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from html import escape

COLORS = {
    "achieved": "#1e7b34",
    "on_track": "#0b6bcb",
    "behind": "#b3261e",
    "not_reported": "#9aa3ad",
    "reported": "#6b7280",
}


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | None
    status: str = "not_reported"
    goal: Decimal | None = None  # drawn as a tick on the bar's slot


def _fmt(value: Decimal) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text


def progress_chart(
    bars: list[Bar], *, title: str, unit: str = "", width: int = 560, height: int = 240
) -> str:
    """Vertical bars (cumulative value per quarter) with each quarter's goal as a dashed tick."""
    top, bottom, left, right = 28, 34, 44, 12
    plot_h, plot_w = height - top - bottom, width - left - right
    values = [b.value for b in bars if b.value is not None] + [b.goal for b in bars if b.goal is not None]
    ceiling = max(values) * Decimal("1.15") if values and max(values) > 0 else Decimal(1)
    slot = plot_w / max(len(bars), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" class="chart" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="#5f6b7a"/>',
    ]
    for i, bar in enumerate(bars):
        x = left + i * slot + slot * 0.2
        w = slot * 0.6
        if bar.value is not None:
            h = float(bar.value / ceiling) * plot_h
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{w:.1f}" height="{h:.1f}" '
                f'fill="{COLORS.get(bar.status, "#9aa3ad")}"/>'
            )
            parts.append(
                f'<text x="{x + w / 2:.1f}" y="{top + plot_h - h - 5:.1f}" text-anchor="middle" '
                f'font-size="12">{escape(_fmt(bar.value))}</text>'
            )
        else:
            parts.append(
                f'<text x="{x + w / 2:.1f}" y="{top + plot_h - 6:.1f}" text-anchor="middle" font-size="11" '
                f'fill="#6b7280">ยังไม่รายงาน</text>'
            )
        if bar.goal is not None:
            gy = top + plot_h - float(bar.goal / ceiling) * plot_h
            parts.append(
                f'<line x1="{x - 4:.1f}" y1="{gy:.1f}" x2="{x + w + 4:.1f}" y2="{gy:.1f}" stroke="#1d2530" '
                f'stroke-width="2" stroke-dasharray="5 3"/>'
            )
        parts.append(
            f'<text x="{x + w / 2:.1f}" y="{height - 12}" text-anchor="middle" font-size="12">'
            f"{escape(bar.label)}</text>"
        )
    parts.append(
        f'<text x="{left}" y="16" font-size="12" fill="#5f6b7a">{escape(unit)} · - - - เป้าหมาย</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def percent_bars(rows: list[tuple[str, Decimal | None]], *, title: str, width: int = 560) -> str:
    """Horizontal 0-100 % bars, one per row (completeness per region)."""
    row_h, left, right, top = 26, 120, 56, 8
    height = top * 2 + row_h * max(len(rows), 1)
    plot_w = width - left - right
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" class="chart" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for i, (label, pct) in enumerate(rows):
        y = top + i * row_h
        parts.append(
            f'<text x="{left - 8}" y="{y + 17}" text-anchor="end" font-size="13">{escape(label)}</text>'
        )
        parts.append(f'<rect x="{left}" y="{y + 4}" width="{plot_w}" height="{row_h - 8}" fill="#eef0f3"/>')
        if pct is not None:
            w = float(pct) / 100 * plot_w
            color = (
                COLORS["achieved"] if pct >= 100 else COLORS["on_track"] if pct >= 80 else COLORS["behind"]
            )
            parts.append(
                f'<rect x="{left}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" fill="{color}"/>'
            )
        parts.append(
            f'<text x="{width - right + 6}" y="{y + 17}" font-size="13">'
            f"{'—' if pct is None else escape(_fmt(pct)) + ' %'}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def year_on_year_chart(
    labels: list[str],
    this_year: list[Decimal | None],
    last_year: list[Decimal | None],
    *,
    title: str,
    years: tuple[str, str],
    unit: str = "",
    width: int = 560,
    height: int = 240,
) -> str:
    """Pairs of bars per quarter: last year's figure (grey) beside this year's (blue), each labelled."""
    top, bottom, left, right = 28, 34, 44, 12
    plot_h, plot_w = height - top - bottom, width - left - right
    values = [v for v in this_year + last_year if v is not None]
    ceiling = max(values) * Decimal("1.15") if values and max(values) > 0 else Decimal(1)
    slot = plot_w / max(len(labels), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" class="chart" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="#5f6b7a"/>',
    ]
    for i, label in enumerate(labels):
        for j, (value, color) in enumerate(((last_year[i], "#9aa3ad"), (this_year[i], "#0b6bcb"))):
            x = left + i * slot + slot * (0.12 + 0.4 * j)
            w = slot * 0.34
            if value is None:
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{top + plot_h - 6:.1f}" text-anchor="middle" font-size="11" '
                    f'fill="#6b7280">—</text>'
                )
                continue
            h = float(value / ceiling) * plot_h
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{color}"/>'
            )
            parts.append(
                f'<text x="{x + w / 2:.1f}" y="{top + plot_h - h - 5:.1f}" text-anchor="middle" '
                f'font-size="11">{escape(_fmt(value))}</text>'
            )
        parts.append(
            f'<text x="{left + i * slot + slot / 2:.1f}" y="{height - 12}" text-anchor="middle" font-size="12">'
            f"{escape(label)}</text>"
        )
    parts.append(
        f'<text x="{left}" y="16" font-size="12" fill="#5f6b7a">{escape(unit)} · '
        f'<tspan fill="#9aa3ad">■</tspan> {escape(years[0])} <tspan fill="#0b6bcb">■</tspan> {escape(years[1])}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
