"""Plug-in points: what labels clauses, and what writes a revised contract.

In Python, pass an object: ``ck.extract(doc, classifier=MyModel())``,
``ck.write(revision, "out.html", renderer=MyHtml())``. On the command line, name one
(``--classifier``, ``--renderer``): names are looked up in the entry-point groups
``contractkit.classifiers`` and ``contractkit.renderers``, where the built-ins are registered
first (``rules``; ``pdf``, ``redline``, ``docx``, ``marked``, ``markdown``). A package adds
its own in its ``pyproject.toml``::

    [project.entry-points."contractkit.renderers"]
    html = "mypackage.render:HtmlRenderer"

The entry point names a class (built with no arguments) or a ready object. Nothing is
registered globally and nothing is imported until a name is asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast, runtime_checkable

from contractkit._registry import available, classifier_named, named
from contractkit.clauses.classify import ClauseClassifier

if TYPE_CHECKING:
    from contractkit.playbook.results import Revision
    from contractkit.types import Target

__all__ = ["ClauseClassifier", "Renderer", "available", "classifier_named", "renderer_named"]


@runtime_checkable
class Renderer(Protocol):
    """Anything that writes a revised contract: the built-in PDF and Word renderers, or yours.

    A renderer that can also work on the user's own file (as ``docx`` and ``marked`` do)
    adds ``render_over(revision, original: bytes, target) -> str | None``, returning a
    warning when it could not do all of it; :func:`contractkit.write` calls it when it is
    given the original of a contract in one of the renderer's ``over_formats`` (default
    ``("docx",)``).
    """

    def render(self, revision: Revision, target: Target) -> None:
        """Write ``revision`` (its ``clauses``, with status and numbers) to ``target``.

        Write atomically (:func:`contractkit._io.atomic_output` does it for a path) and raise
        :class:`contractkit.OutputError` when the target cannot be written.
        """
        ...


def renderer_named(name: str) -> Renderer:
    """The renderer registered as ``name``.

    Raises:
        InvalidOptionError: No renderer has that name, or it does not render.
    """
    return cast(Renderer, named("renderer", name, "render", "(revision, target)"))
