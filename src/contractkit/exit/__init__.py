"""Ending a contract well: the termination notice, the transition plan, the interaction record.

A provider leaving a difficult client needs to do it correctly, professionally and with
evidence (issue 6): :func:`termination_notice` writes the letter, :func:`transition_plan` the
handover checklist and timeline, and :class:`InteractionLog` keeps a tamper-evident record of
what happened.
"""

from __future__ import annotations
