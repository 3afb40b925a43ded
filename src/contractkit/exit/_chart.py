"""The incident timeline chart: one row of dots per tag, and the incidents per month under it.

Drawn with matplotlib (imported here only, with its Agg backend: no display is needed) as
PNG or PDF. The top panel shows when each incident happened, one row per tag; the bottom
panel stacks the incidents of each month, so an escalation is visible as a rising bar.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from contractkit.errors import InvalidOptionError

if TYPE_CHECKING:
    from contractkit.exit.report import IncidentReport
    from contractkit.types import Target

__all__ = ["chart_format", "draw_timeline"]

ChartFormat = Literal["png", "pdf"]
#: Colour-blind-safe colours (Okabe-Ito), one per tag in order of frequency.
_COLOURS = ("#D55E00", "#0072B2", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442")


def chart_format(target: Target) -> ChartFormat:
    """``png`` or ``pdf`` from the target's suffix.

    Raises:
        InvalidOptionError: Another suffix, or a stream.
    """
    if isinstance(target, str | os.PathLike):
        suffix = Path(os.fspath(target)).suffix.lower()
        if suffix in (".png", ".pdf"):
            return "png" if suffix == ".png" else "pdf"
    name = os.fspath(target) if isinstance(target, str | os.PathLike) else "a stream"
    raise InvalidOptionError(
        f"cannot write the chart as {name!r}", hint="name the chart .png or .pdf"
    )


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    months = []
    day = first.replace(day=1)
    while day <= last:
        months.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def draw_timeline(report: IncidentReport, kind: ChartFormat, *, dpi: int = 150) -> bytes:
    """The chart of ``report``'s incidents as PNG or PDF bytes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    tags = [t.tag for t in report.tags]
    colours = {tag: _COLOURS[n % len(_COLOURS)] for n, tag in enumerate(tags)}
    figure, (top, bottom) = plt.subplots(
        2,
        1,
        figsize=(10, 2.2 + 0.45 * max(len(tags), 1) + 2.2),
        sharex=True,
        gridspec_kw={"height_ratios": [max(len(tags), 1) * 0.45 + 0.6, 2.2]},
    )
    try:
        for row, summary in enumerate(reversed(report.tags)):
            when = [i.occurred for i in report.incidents if i.tag == summary.tag]
            top.scatter(
                when,
                [row] * len(when),
                s=46,
                color=colours[summary.tag],
                zorder=3,
                edgecolors="white",
                linewidths=0.6,
            )
        top.set_yticks(range(len(tags)))
        top.set_yticklabels([f"{t.tag} ({t.count})" for t in reversed(report.tags)])
        top.set_ylim(-0.7, len(tags) - 0.3)
        top.grid(axis="x", color="#dddddd", zorder=0)
        top.set_title(f"{report.title}: {len(report.incidents)} incidents by tag", loc="left")
        for side in ("top", "right"):
            top.spines[side].set_visible(False)
            bottom.spines[side].set_visible(False)
        if report.incidents:
            first = min(i.occurred for i in report.incidents).date()
            last = max(i.occurred for i in report.incidents).date()
            months = _months(first, last)
            base = [0] * len(months)
            for summary in report.tags:
                counts = [
                    sum(
                        1
                        for i in report.incidents
                        if i.tag == summary.tag
                        and (i.occurred.year, i.occurred.month) == (m.year, m.month)
                    )
                    for m in months
                ]
                starts = [dt.datetime(m.year, m.month, 1, tzinfo=dt.UTC) for m in months]
                bottom.bar(
                    starts,
                    counts,
                    width=26,
                    bottom=base,
                    align="edge",
                    color=colours[summary.tag],
                    label=summary.tag,
                )
                base = [b + c for b, c in zip(base, counts, strict=True)]
            bottom.set_ylabel("per month")
            bottom.legend(loc="upper left", frameon=False, ncols=min(len(tags), 4), fontsize=8)
            bottom.set_ylim(0, max(base) * 1.35 + 1)
            bottom.yaxis.get_major_locator().set_params(integer=True)
        bottom.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))  # type: ignore[no-untyped-call]
        bottom.grid(axis="y", color="#eeeeee")
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format=kind, dpi=dpi)
        return buffer.getvalue()
    finally:
        plt.close(figure)
