"""Charts as server-side SVG: no JavaScript, readable by screen readers (a title and a
description each), scaling to the width of the page. Every text is escaped."""

from __future__ import annotations

from html import escape
from typing import Any

from markupsafe import Markup

WIDTH, HEIGHT = 640, 180
PAD_LEFT, PAD_BOTTOM, PAD_TOP = 40, 24, 10
STATUS_COLOURS = {"completed": "#2e7d32", "partial": "#ef6c00", "failed": "#c62828",
                  "abandoned": "#6d4c41", "running": "#1565c0"}


def _svg(title: str, description: str, body: str, height: int = HEIGHT) -> Markup:
    return Markup(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'preserveAspectRatio="xMinYMin meet"><title>{escape(title)}</title>'
        f'<desc>{escape(description)}</desc>{body}</svg>'
    )


def _axis(top: int) -> str:
    plot_bottom = HEIGHT - PAD_BOTTOM
    return (f'<line x1="{PAD_LEFT}" y1="{plot_bottom}" x2="{WIDTH}" y2="{plot_bottom}" class="axis"/>'
            f'<text x="{PAD_LEFT - 6}" y="{PAD_TOP + 4}" text-anchor="end" class="tick">{top}</text>'
            f'<text x="{PAD_LEFT - 6}" y="{plot_bottom}" text-anchor="end" class="tick">0</text>')


def open_roles(series: list[dict[str, Any]]) -> Markup:
    """A line of the open postings at the end of each day."""
    if not series:
        return Markup("<p>No data yet.</p>")
    top = max(max(point["open"] for point in series), 1)
    plot_width, plot_height = WIDTH - PAD_LEFT, HEIGHT - PAD_BOTTOM - PAD_TOP
    step = plot_width / max(len(series) - 1, 1)
    points = " ".join(
        f"{PAD_LEFT + i * step:.1f},{PAD_TOP + plot_height * (1 - point['open'] / top):.1f}"
        for i, point in enumerate(series)
    )
    first, last = series[0], series[-1]
    body = (_axis(top) + f'<polyline points="{points}" class="line"/>'
            f'<text x="{PAD_LEFT}" y="{HEIGHT - 6}" class="tick">{first["date"]:%Y-%m-%d}</text>'
            f'<text x="{WIDTH}" y="{HEIGHT - 6}" text-anchor="end" class="tick">{last["date"]:%Y-%m-%d}</text>')
    return _svg("Open roles over time",
                f"From {first['open']} open roles on {first['date']:%Y-%m-%d} to {last['open']} on "
                f"{last['date']:%Y-%m-%d}, peak {top}.", body)


def weekly_bars(weeks: list[dict[str, Any]]) -> Markup:
    """New (above the axis) and removed (below it) postings per week."""
    if not weeks:
        return Markup("<p>No data yet.</p>")
    top = max(max(max(w["new"], w["removed"]) for w in weeks), 1)
    middle = HEIGHT / 2
    half = middle - PAD_TOP
    slot = (WIDTH - PAD_LEFT) / len(weeks)
    bars = []
    for i, week in enumerate(weeks):
        x = PAD_LEFT + i * slot + slot * 0.15
        new_h, removed_h = half * week["new"] / top, half * week["removed"] / top
        label = escape(f"week of {week['week']:%Y-%m-%d}: {week['new']} new, {week['removed']} removed")
        bars.append(f'<g><title>{label}</title>'
                    f'<rect x="{x:.1f}" y="{middle - new_h:.1f}" width="{slot * 0.7:.1f}" height="{new_h:.1f}" class="new"/>'
                    f'<rect x="{x:.1f}" y="{middle:.1f}" width="{slot * 0.7:.1f}" height="{removed_h:.1f}" class="removed"/></g>')
    body = (f'<line x1="{PAD_LEFT}" y1="{middle}" x2="{WIDTH}" y2="{middle}" class="axis"/>'
            f'<text x="{PAD_LEFT - 6}" y="{PAD_TOP + 4}" text-anchor="end" class="tick">+{top}</text>'
            f'<text x="{PAD_LEFT - 6}" y="{HEIGHT - 4}" text-anchor="end" class="tick">−{top}</text>' + "".join(bars))
    return _svg("New and removed postings per week",
                f"{sum(w['new'] for w in weeks)} new and {sum(w['removed'] for w in weeks)} removed "
                f"over {len(weeks)} weeks.", body)


def departments(rows: list[tuple[str, int]], limit: int = 10) -> Markup:
    """Horizontal bars of open postings per department."""
    rows = rows[:limit]
    if not rows:
        return Markup("<p>No open postings.</p>")
    top = max(n for _, n in rows)
    row_height = 22
    height = row_height * len(rows) + 4
    label_width = 220
    bars = []
    for i, (name, n) in enumerate(rows):
        y = i * row_height + 2
        width = (WIDTH - label_width - 50) * n / top
        bars.append(f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end" class="label">{escape(name[:34])}</text>'
                    f'<rect x="{label_width}" y="{y + 3}" width="{width:.1f}" height="{row_height - 6}" class="bar"/>'
                    f'<text x="{label_width + width + 4:.1f}" y="{y + 15}" class="tick">{n}</text>')
    return _svg("Open postings by department",
                "; ".join(f"{name}: {n}" for name, n in rows), "".join(bars), height)


def status_strip(sessions: list[Any]) -> Markup:
    """One square per crawl, oldest first, coloured by its status."""
    if not sessions:
        return Markup("<p>No crawls in this period.</p>")
    ordered = list(reversed(sessions))[-90:]
    size = min(WIDTH / len(ordered), 16)
    cells = []
    for i, session in enumerate(ordered):
        colour = STATUS_COLOURS.get(session.status, "#757575")
        label = escape(f"{session.started_at:%Y-%m-%d %H:%M} {session.status}, {session.requests} requests")
        cells.append(f'<rect x="{i * size:.1f}" y="0" width="{size - 1:.1f}" height="16" fill="{colour}">'
                     f'<title>{label}</title></rect>')
    counts: dict[str, int] = {}
    for session in ordered:
        counts[session.status] = counts.get(session.status, 0) + 1
    return _svg("Crawl status, oldest to newest",
                ", ".join(f"{n} {status}" for status, n in sorted(counts.items())), "".join(cells), 16)
