"""The reports as pictures (SVG or PNG), drawn with matplotlib.

matplotlib is the charting library: well kept, it writes static SVG and PNG files itself (the
Agg and SVG back ends: no browser, no network, no display), and its SVG keeps text as text
(`svg.fonttype = none`), so the labels of the data are in the file. It is imported here only,
inside the functions, so no other command pays for its import (~0.3 s).

Three pictures:
- `flow`: the funnel as an alluvial flow: one bar per stage (height: applications that reached
  it), a band to the next stage as wide as those that went on, and what stopped at each stage
  (waiting, exits) stacked under the band with its count;
- `periods`: applications sent and responses per period (week or month), as bars;
- `calendar`: a contribution graph of the journal: one square per day (weeks as columns,
  weekdays as rows), darker for more evidence lines, outlined for a day with notes.
Every picture has a fixed size: WIDTH x HEIGHT pixels at DPI.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from career.reports.funnel import EXITS, STAGE_LABELS, Funnel

if TYPE_CHECKING:
    from matplotlib.figure import Figure

WIDTH, HEIGHT, DPI = 960, 480, 100
INK = "#1f2937"
COLOURS = {
    "stage": "#2563eb",
    "band": "#93c5fd",
    "waiting": "#fbbf24",
    "rejected": "#ef4444",
    "ghosted": "#9ca3af",
    "withdrawn": "#a78bfa",
    "declined": "#f97316",
    "responses": "#10b981",
}


def _figure() -> Figure:
    import matplotlib

    matplotlib.use("Agg")  # files only: never a window
    import matplotlib.artist

    # Each Artist class matplotlib defines as it is imported writes the docstring of its `set`
    # method with `kwdoc`, which inspects every setter: a quarter of the import's time, for
    # help() text nobody reads here. Skipped (the classes work the same).
    if hasattr(matplotlib.artist, "kwdoc"):
        matplotlib.artist.kwdoc = lambda artist: ""
    from matplotlib.figure import Figure

    matplotlib.rcParams.update(
        {
            "svg.fonttype": "none",  # labels stay <text>, searchable and small
            "svg.hashsalt": "career",  # the same data gives the same file
            "font.size": 10,
            "text.color": INK,
            "axes.labelcolor": INK,
            "xtick.color": INK,
            "ytick.color": INK,
        }
    )
    return Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI)


def save(fig: Figure, fmt: str) -> str | bytes:
    """The picture as SVG text or PNG bytes, WIDTH x HEIGHT pixels."""
    out = io.BytesIO()
    metadata: dict[str, Any] = {"Date": None} if fmt == "svg" else {"Software": "career"}
    fig.savefig(out, format=fmt, dpi=DPI, metadata=metadata)
    data = out.getvalue()
    return data.decode("utf-8") if fmt == "svg" else data


def _band(ax: Any, x0: float, x1: float, lo0: float, hi0: float, lo1: float, hi1: float) -> None:
    """A smooth band from [lo0, hi0] at x0 to [lo1, hi1] at x1."""
    import numpy as np

    xs = np.linspace(x0, x1, 40)
    t = (1 - np.cos(np.linspace(0, np.pi, 40))) / 2
    ax.fill_between(
        xs,
        lo0 + (lo1 - lo0) * t,
        hi0 + (hi1 - hi0) * t,
        color=COLOURS["band"],
        alpha=0.6,
        linewidth=0,
    )


def flow(f: Funnel, fmt: str) -> str | bytes:
    fig = _figure()
    ax = fig.add_axes((0.02, 0.16, 0.96, 0.72))  # room under it for three lines a stage
    ax.set_axis_off()
    title = f"{f.applications} application(s): how they went on"
    if f.group:
        title = f"{f.group}: {title}"
    fig.suptitle(title, x=0.02, ha="left", fontsize=13)
    top = max(1, f.stages[0].reached)
    bar = 0.18
    for n, s in enumerate(f.stages):
        ax.bar(n, s.reached, width=bar, bottom=top - s.reached, color=COLOURS["stage"])
        label = f"{STAGE_LABELS[s.stage]}\n{s.reached}"
        if s.conversion is not None and s.conversion.decided:
            label += f"\n{s.conversion.text()}"  # a line of its own: stages sit close together
        ax.text(n, -0.08 * top, label, ha="center", va="top", fontsize=9)
        if n + 1 < len(f.stages):
            nxt = f.stages[n + 1].reached
            if nxt:
                _band(ax, n + bar / 2, n + 1 - bar / 2, top - nxt, top, top - nxt, top)
            # what stopped here, stacked below the band, largest first
            y = top - nxt
            label_at = float(top)  # labels go down, never closer than `gap` to the last one
            gap = 0.045 * top
            parts = [("waiting", s.waiting), *((e, s.exits[e]) for e in EXITS)]
            for name, count in parts:
                if not count:
                    continue
                ax.bar(
                    n + bar / 2 + 0.09,
                    count,
                    width=0.16,
                    bottom=y - count,
                    color=COLOURS[name],
                )
                label_at = min(y - count / 2, label_at - gap)
                ax.text(n + bar / 2 + 0.2, label_at, f"{name} {count}", va="center", fontsize=8)
                y -= count
    ax.set_xlim(-0.5, len(f.stages) - 0.3)
    ax.set_ylim(-0.05 * top, top * 1.02)
    return save(fig, fmt)


def periods(
    labels: Sequence[str], series: Mapping[str, Sequence[int]], fmt: str, title: str
) -> str | bytes:
    """Bars per period for each series (applications sent, responses)."""
    import numpy as np

    fig = _figure()
    ax = fig.add_axes((0.07, 0.2, 0.9, 0.68))
    fig.suptitle(title, x=0.02, ha="left", fontsize=13)
    xs = np.arange(len(labels))
    width = 0.8 / max(1, len(series))
    colours = [COLOURS["stage"], COLOURS["responses"], COLOURS["waiting"]]
    for n, (name, values) in enumerate(series.items()):
        ax.bar(
            xs + n * width - 0.4 + width / 2,
            values,
            width=width,
            label=name,
            color=colours[n % len(colours)],
        )
    step = max(1, len(labels) // 16)
    ax.set_xticks(
        xs[::step],
        [labels[i] for i in range(0, len(labels), step)],
        rotation=45,
        ha="right",
        fontsize=8,
    )
    ax.legend(loc="upper left", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return save(fig, fmt)


def calendar(
    since: date,
    until: date,
    evidence: Mapping[date, int],
    noted: set[date],
    fmt: str,
    title: str,
) -> str | bytes:
    """A contribution graph from `since` to `until` (at most a year reads well)."""
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Rectangle

    fig = _figure()
    ax = fig.add_axes((0.06, 0.08, 0.92, 0.78))
    ax.set_axis_off()
    fig.suptitle(title, x=0.02, ha="left", fontsize=13)
    start = since - timedelta(days=since.weekday())  # the Monday of the first week
    weeks = (until - start).days // 7 + 1
    most = max(evidence.values(), default=0)
    shades = ["#ebedf0", "#9be9a8", "#40c463", "#30a14e", "#216e39"]
    squares: list[Any] = []
    faces: list[str] = []
    edges: list[str] = []
    day = since
    while day <= until:
        week = (day - start).days // 7
        n = evidence.get(day, 0)
        level = 0 if n == 0 else 1 + min(3, (4 * n - 1) // max(1, most))
        squares.append(Rectangle((week, 6 - day.weekday()), 0.85, 0.85))
        faces.append(shades[level])
        edges.append(INK if day in noted else "none")
        if day.day == 1 or day == since:
            ax.text(week, 7.3, day.strftime("%b %Y" if day.month == 1 else "%b"), fontsize=8)
        day += timedelta(days=1)
    # one artist for every square: a year is 365 of them
    ax.add_collection(PatchCollection(squares, facecolors=faces, edgecolors=edges, linewidths=0.4))
    for row, name in ((6, "Mon"), (4, "Wed"), (2, "Fri")):
        ax.text(-0.6, row + 0.4, name, ha="right", va="center", fontsize=8)
    ax.text(
        0,
        -1.2,
        f"{sum(evidence.values())} evidence lines on {len(noted)} journal days"
        f" ({since} to {until}); darker: more evidence",
        fontsize=9,
    )
    ax.set_xlim(-3, max(weeks, 10) + 0.5)
    ax.set_ylim(-2, 8.5)
    ax.set_aspect("equal")
    return save(fig, fmt)
