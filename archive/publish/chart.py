"""A small bar chart as inline SVG, drawn on the server: no JavaScript, no network, labels escaped."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from markupsafe import Markup, escape

UNDATED = "undated"
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
MAX_FILLED_MONTHS = 240


def fill_months(counts: dict[str | None, int]) -> list[tuple[str, int]]:
    """Months in order with the empty ones between filled in (zero), undated last."""
    months = sorted(k for k in counts if k and _MONTH.match(k))
    series: list[tuple[str, int]] = []
    if months:
        (y, m), (y1, m1) = (map(int, _MONTH.match(k).groups()) for k in (months[0], months[-1]))
        if (y1 - y) * 12 + (m1 - m) < MAX_FILLED_MONTHS:
            while (y, m) <= (y1, m1):
                key = f"{y:04d}-{m:02d}"
                series.append((key, counts.get(key, 0)))
                y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        else:
            series = [(k, counts[k]) for k in months]
    others = sum(v for k, v in counts.items() if not (k and _MONTH.match(k)))
    if others:
        series.append((UNDATED, others))
    return series


def bar_chart(
    series: Sequence[tuple[str, int]],
    label: str,
    height: int = 160,
    links: Mapping[str, str] | None = None,
    compact: bool = False,
) -> Markup:
    """Bars with their value on top and their key below; `label` is the chart's accessible name.
    A bar whose key has a URL in `links` is a link to it (a month narrowing a search). `compact`:
    a timeline of up to a few hundred thin bars, keyed only at each year (every value in a tooltip)."""
    if not series:
        return Markup("")
    bar, gap, top, bottom, left = 28, 8, 18, 34, 0
    if compact:  # room on the left for the first key, which is written slanting down to the left
        bar, gap, top, left = max(6, min(28, 720 // len(series) - 2)), 2, 6, 36
    width = max(240, left + len(series) * (bar + gap) + gap)
    peak = max(v for _, v in series) or 1
    # Escaped once and formatted as plain strings: Markup.format escapes every argument on every
    # call, most of the cost of a search page's timeline.
    name = escape(label)
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-label="{name}"><title>{name}</title>'
    ]
    plot = height - top - bottom
    for i, (key, value) in enumerate(series):
        x = left + gap + i * (bar + gap)
        h = max(round(plot * value / peak), 2 if value else 0)
        y = top + plot - h
        href = (links or {}).get(key)
        keyed = not compact or i == 0 or key.endswith("-01") or not _MONTH.match(key)
        shown = escape(key)
        if href:
            parts.append(f'<a href="{escape(href)}" class="bar-link">')
        parts.append(
            f'<g><title>{shown}: {escape(value)}</title><rect x="{x}" y="{y}" width="{bar}" height="{h}" fill="#276890"></rect>'
        )
        if not compact:
            parts.append(
                f'<text x="{x + bar / 2}" y="{y - 4}" font-size="11" text-anchor="middle">{escape(value) if value else ""}</text>'
            )
        if keyed:
            kx, ky = x + bar, height - bottom + 12
            parts.append(
                f'<text x="{kx}" y="{ky}" font-size="10" text-anchor="end" transform="rotate(-40 {kx} {ky})">{shown}</text>'
            )
        parts.append("</g>")
        if href:
            parts.append("</a>")
    parts.append("</svg>")
    return Markup("".join(parts))
