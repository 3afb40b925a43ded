"""A record of about fifty incidents with a difficult client, written for these tests.

Nine months with one client: scope creep that grows, invoices paid later and later,
messages at night and at weekends, and rude calls towards the end. Seeded, so every run
builds the same log.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import contractkit as ck

START = dt.datetime(2025, 1, 6, 10, 0, tzinfo=dt.UTC)

SCOPE = (
    "Asked for {n} extra pages at no cost.",
    "Wants a second design round outside the agreed scope, unpaid.",
    "Requested a new booking feature 'as part of the site'.",
    "Asked for the copy to be rewritten as well, without a change order.",
)
BOUNDARY = (
    "Message at 23:40 asking for changes by the morning.",
    "Called on Sunday about the homepage colours.",
    "Sent eleven messages in one evening expecting replies within the hour.",
)
RUDE = (
    "Shouted on the call and called the work 'amateur'.",
    "Copied my client list into a complaint e-mail with insults.",
)


def build_log(path: Path, *, seed: int = 17) -> ck.InteractionLog:
    """Write the record to ``path`` and return it open."""
    rng = random.Random(seed)
    log = ck.InteractionLog(path)
    events: list[tuple[dt.datetime, str, str, str]] = []
    for week in range(40):
        day = START + dt.timedelta(weeks=week, hours=rng.randint(0, 48))
        # scope creep grows: rare in the first months, most weeks at the end
        if rng.random() < 0.2 + 0.9 * week / 40:
            events.append(
                (day, "call", rng.choice(SCOPE).format(n=rng.randint(2, 5)), "scope-creep")
            )
        if (week % 4 == 1 or week in (30, 34, 37, 38)) and rng.random() < 0.9:
            events.append(
                (
                    day + dt.timedelta(hours=3),
                    "note",
                    rng.choice(BOUNDARY),
                    "boundary-violation",
                )
            )
    for n, (week, days, amount) in enumerate(
        (
            (6, 12, 2400),
            (12, 20, 1800),
            (16, 41, 1800),
            (22, 35, 3150),
            (29, 52, 2650),
            (33, 58, 2650),
            (35, 64, 3900),
            (38, 71, 1200),
        ),
        17,
    ):
        events.append(
            (
                START + dt.timedelta(weeks=week, days=1),
                "note",
                f"Invoice {n} (£{amount:,}) is {days} days overdue; reminder sent.",
                "late-payment",
            )
        )
    for week in (24, 30, 33, 36, 38):
        events.append(
            (START + dt.timedelta(weeks=week, days=2), "call", rng.choice(RUDE), "disrespect")
        )
    events.append((START + dt.timedelta(weeks=2), "meeting", "Milestone 1 review, approved.", ""))
    for when, kind, summary, tag in sorted(events):
        log.add(
            kind, summary, occurred=when, participants=("Tom Reed",), tags=(tag,) if tag else ()
        )  # type: ignore[arg-type]
    return log
