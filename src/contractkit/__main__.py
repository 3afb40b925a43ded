"""Run the command line as ``python -m contractkit``."""

from __future__ import annotations

from contractkit.cli import main

main()
