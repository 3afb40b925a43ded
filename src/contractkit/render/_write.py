"""``contractkit.write`` and ``to_markdown``: results become files through one door.

A :class:`~contractkit.Revision` is written by a renderer from the ``contractkit.renderers``
entry-point group (``pdf``, ``redline``, ``docx``, ``markdown`` built in, plug-ins beside
them), chosen by name or by the target's suffix. An extraction or a scorecard is written as
Markdown or JSON. Every file is written atomically; the result itself is never changed.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from contractkit._io import atomic_output, check_target, input_paths, read_source, refuse_input
from contractkit.errors import InvalidOptionError
from contractkit.extraction import Extraction
from contractkit.playbook.results import Revision, Scorecard

if TYPE_CHECKING:
    from contractkit.plugins import Renderer
    from contractkit.types import Source, Target

__all__ = ["to_markdown", "write"]

#: The renderer a revision's target gets by its suffix when none is named.
_BY_SUFFIX = {".pdf": "pdf", ".docx": "docx", ".md": "markdown", ".markdown": "markdown"}

Result = Extraction | Scorecard | Revision


def to_markdown(result: Result) -> str:
    """A Markdown report of a result.

    Extraction: parties, key terms with quotes, the clause outline. Scorecard: the score and
    one row per position with reason and evidence. Revision: every change, why, and the text
    before and after.

    Raises:
        TypeError: ``result`` is not one of those.
    """
    from contractkit.render.markdown import (
        extraction_markdown,
        revision_markdown,
        scorecard_markdown,
    )

    if isinstance(result, Extraction):
        return extraction_markdown(result)
    if isinstance(result, Scorecard):
        return scorecard_markdown(result)
    if isinstance(result, Revision):
        return revision_markdown(result)
    raise TypeError(f"cannot write a {type(result).__name__} as Markdown")


def write(
    result: Result,
    target: Target,
    /,
    *,
    renderer: Renderer | str | None = None,
    original: Source | None = None,
) -> tuple[str, ...]:
    """Write a result to a file: a revised PDF, a redline, a Word file, Markdown or JSON.

    Args:
        result: An :class:`~contractkit.Extraction`, :class:`~contractkit.Scorecard` or
            :class:`~contractkit.Revision`.
        target: A path or a binary file object.
        renderer: For a revision: a :class:`~contractkit.plugins.Renderer`, or the name of
            one installed (``pdf``, ``redline``, ``docx``, ``marked``, ``markdown`` or a
            plug-in's);
            ``None`` picks by the target's suffix (``.pdf``, ``.docx``, ``.md``, ``.json``).
        original: The file the revision was read from, for the renderers that work on it:
            ``docx`` edits a Word contract's own file with tracked changes (its styles and
            numbering kept) instead of writing a new document; ``marked`` (which needs it)
            marks the changes as annotations on a PDF contract's own pages. Ignored by the
            other renderers and for other contracts.

    Returns:
        Warnings about what was written (a Word file that could not be edited in place,
        changes a marked PDF could not place on its pages).

    Raises:
        InvalidOptionError: No renderer of that name, or a format the result cannot take
            (a marked PDF of a Word contract, or without ``original``).
        OutputError: The target cannot be written, or is the contract the result was read
            from (``original``, or the file the result names).
    """
    from contractkit.plugins import renderer_named

    sources = (read_source(original),) if original is not None else ()
    refuse_input(target, input_paths(result.document.name, original))  # the contract read
    check_target(target, sources=sources)
    suffix = Path(target).suffix.lower() if isinstance(target, str | os.PathLike) else ""
    if renderer is None and suffix == ".json":
        with atomic_output(target, suffix=".json") as tmp:
            tmp.write_text(result.to_json(indent=2) + "\n", encoding="utf-8")
        return ()
    if not isinstance(result, Revision):
        if renderer not in (None, "markdown") or suffix not in ("", ".md", ".markdown"):
            raise InvalidOptionError(
                f"{target}: a {type(result).__name__.lower()} is written as .md or .json",
                hint="contractkit.annotate() marks a review on a copy of the contract",
            )
        with atomic_output(target, suffix=".md") as tmp:
            tmp.write_text(to_markdown(result), encoding="utf-8")
        return ()
    if renderer is None:
        renderer = _BY_SUFFIX.get(suffix, "pdf")
    chosen = renderer_named(renderer) if isinstance(renderer, str) else renderer
    over = getattr(chosen, "render_over", None)
    # a renderer edits the formats it names (``marked``: PDF); ``docx`` and plug-ins: Word
    formats = getattr(chosen, "over_formats", ("docx",))
    if sources and callable(over) and result.document.format in formats:
        note = over(result, sources[0].data, target)
        return (note,) if note else ()
    chosen.render(result, target)
    return ()
