"""One reader per source format; each yields ``RawPage`` objects for cleanup."""

from __future__ import annotations
