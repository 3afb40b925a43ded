"""Plug-in points: what labels clauses, and what writes a revised contract.

In Python, pass an object: ``ck.extract(doc, classifier=MyModel())``,
``ck.revise(doc, "out.html", renderer=MyHtml())``. On the command line, name one
(``--classifier``, ``--renderer``): names are looked up in the entry-point groups
``contractkit.classifiers`` and ``contractkit.renderers``, where the built-ins are registered
too (``rules``; ``pdf``, ``docx``). A package adds its own in its ``pyproject.toml``::

    [project.entry-points."contractkit.renderers"]
    html = "mypackage.render:HtmlRenderer"

The entry point names a class (built with no arguments) or a ready object. Nothing is
registered globally and nothing is imported until a name is asked for.
"""

from __future__ import annotations

from importlib.metadata import EntryPoint, entry_points
from typing import TYPE_CHECKING, Literal, Protocol, cast, runtime_checkable

from contractkit.clauses.classify import ClauseClassifier
from contractkit.errors import InvalidOptionError
from contractkit.types import Target

if TYPE_CHECKING:
    from contractkit.playbook.revise import Revision

__all__ = ["ClauseClassifier", "Renderer", "available", "classifier_named", "renderer_named"]

Kind = Literal["classifier", "renderer"]
_GROUPS: dict[Kind, str] = {
    "classifier": "contractkit.classifiers",
    "renderer": "contractkit.renderers",
}

#: The built-ins pyproject registers, looked up here too when the installed metadata predates
#: one of them (an editable install made before ``cuad`` was added keeps its old entry points).
_BUILT_INS: dict[Kind, dict[str, str]] = {
    "classifier": {
        "cuad": "contractkit.clauses.classify:ModelClassifier",
        "rules": "contractkit.clauses.classify:RuleClassifier",
    },
    "renderer": {},
}


@runtime_checkable
class Renderer(Protocol):
    """Anything that writes a revised contract: the built-in PDF and Word renderers, or yours."""

    def render(self, revision: Revision, target: Target) -> None:
        """Write ``revision`` (its ``clauses``, with status and numbers) to ``target``.

        Write atomically (:func:`contractkit._io.atomic_output` does it for a path) and raise
        :class:`contractkit.OutputError` when the target cannot be written.
        """
        ...


def available(kind: Kind) -> tuple[str, ...]:
    """The names installed for ``kind``, sorted."""
    names = {ep.name for ep in entry_points(group=_GROUPS[kind])}
    return tuple(sorted(names | set(_BUILT_INS[kind])))


def classifier_named(name: str) -> ClauseClassifier:
    """The classifier registered as ``name``.

    Raises:
        InvalidOptionError: No classifier has that name, or it does not classify.
    """
    return cast(ClauseClassifier, _named("classifier", name, "classify", "(clauses)"))


def renderer_named(name: str) -> Renderer:
    """The renderer registered as ``name``.

    Raises:
        InvalidOptionError: No renderer has that name, or it does not render.
    """
    return cast(Renderer, _named("renderer", name, "render", "(revision, target)"))


def _named(kind: Kind, name: str, method: str, arguments: str) -> object:
    found = _load(kind, name)
    if not callable(getattr(found, method, None)):
        raise InvalidOptionError(f"the {kind} {name!r} has no {method}{arguments} method")
    return found


def _load(kind: Kind, name: str) -> object:
    matches = [ep for ep in entry_points(group=_GROUPS[kind]) if ep.name == name]
    if not matches and name in _BUILT_INS[kind]:
        matches = [EntryPoint(name, _BUILT_INS[kind][name], _GROUPS[kind])]
    if not matches:
        names = ", ".join(available(kind)) or "none"
        raise InvalidOptionError(f"no {kind} named {name!r}", hint=f"installed: {names}")
    try:
        found = matches[0].load()
    except Exception as exc:  # a plug-in's own import error, shown as one line
        raise InvalidOptionError(
            f"the {kind} {name!r} cannot be loaded ({type(exc).__name__}: {exc})",
            hint=f"check the package that provides it ({matches[0].value})",
        ) from exc
    return found() if isinstance(found, type) else found
