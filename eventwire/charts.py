"""Small server-side SVG charts (no plotting library): stacked bars over time with
an optional line on a second axis. Used by ``eventwire dyads --chart`` and reusable
by web pages (the SVG is self-contained: no script, no external asset).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

# Quad-class colours, colour-blind safe (Okabe-Ito): cooperation blue/green, conflict orange/red.
QUAD_COLOURS = ["#0072B2", "#009E73", "#E69F00", "#D55E00"]
LINE_COLOUR = "#333333"


@dataclass
class Series:
    name: str
    values: list[float]
    colour: str


def stacked_bars_svg(labels: list[str], bars: list[Series], title: str = "", line: Series | None = None,
                     line_range: tuple[float, float] = (-10.0, 10.0), width: int = 900, height: int = 360) -> str:
    """Bars stacked per label (e.g. counts per quad class per period); ``line`` is drawn
    against a right-hand axis spanning ``line_range`` (e.g. the Goldstein mean)."""
    if any(len(s.values) != len(labels) for s in bars + ([line] if line else [])):
        raise ValueError("every series needs one value per label")
    left, right, top, bottom = 56, 56 if line else 16, 36 if title else 16, 64
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(s.values[i] or 0 for s in bars) for i in range(len(labels))]
    peak = _nice_ceiling(max(totals, default=0) or 1)
    n = max(1, len(labels))
    slot = plot_w / n
    bar_w = max(1.0, slot * 0.8)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
           f'<rect width="{width}" height="{height}" fill="white"/>']
    if title:
        out.append(f'<text x="{width / 2:.1f}" y="20" text-anchor="middle" font-size="14">{escape(title)}</text>')
    for k in range(5):  # horizontal grid and left axis labels
        v = peak * k / 4
        y = top + plot_h - plot_h * k / 4
        out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{_num(v)}</text>')
    for i, label in enumerate(labels):
        x = left + i * slot + (slot - bar_w) / 2
        base = top + plot_h
        for s in bars:
            v = s.values[i] or 0
            h = plot_h * v / peak
            if h > 0:
                out.append(f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                           f'fill="{s.colour}"><title>{escape(label)} {escape(s.name)}: {_num(v)}</title></rect>')
            base -= h
    step = max(1, round(n / 12))  # at most about 12 labels on the time axis
    for i in range(0, len(labels), step):
        x = left + i * slot + slot / 2
        out.append(f'<text x="{x:.1f}" y="{top + plot_h + 14}" text-anchor="end" '
                   f'transform="rotate(-35 {x:.1f} {top + plot_h + 14})">{escape(labels[i])}</text>')
    if line:
        lo, hi = line_range
        points = [(left + i * slot + slot / 2, top + plot_h * (hi - v) / (hi - lo))
                  for i, v in enumerate(line.values) if v is not None]
        if points:
            out.append(f'<polyline fill="none" stroke="{line.colour}" stroke-width="1.5" points="'
                       + " ".join(f"{x:.1f},{y:.1f}" for x, y in points) + '"/>')
        for k in range(5):
            v = lo + (hi - lo) * k / 4
            y = top + plot_h - plot_h * k / 4
            out.append(f'<text x="{left + plot_w + 6}" y="{y + 4:.1f}">{_num(v)}</text>')
    legend = bars + ([line] if line else [])
    x = left
    for s in legend:  # legend under the axis labels
        y = height - 12
        out.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{s.colour}"/>')
        out.append(f'<text x="{x + 14}" y="{y}">{escape(s.name)}</text>')
        x += 22 + 7 * len(s.name)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _nice_ceiling(v: float) -> float:
    """The next 'round' number at or above v (1, 2, 2.5, 5 x 10^k), for axis tops."""
    import math

    exp = 10 ** math.floor(math.log10(v))
    for m in (1, 2, 2.5, 5, 10):
        if m * exp >= v:
            return m * exp
    return 10 * exp


def _num(v: float) -> str:
    return f"{v:.0f}" if float(v).is_integer() else f"{v:.1f}"
