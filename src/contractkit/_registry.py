"""Entry-point lookup by name, for the plug-in points (see :mod:`contractkit.plugins`).

It lives low in the package so that ``extract(classifier="name")`` can look a classifier
up without importing the layers above it; :mod:`contractkit.plugins` is the public face.
"""

from __future__ import annotations

from importlib.metadata import entry_points
from typing import Literal, cast

from contractkit.clauses.classify import ClauseClassifier
from contractkit.errors import InvalidOptionError

__all__ = ["Kind", "available", "classifier_named", "named"]

Kind = Literal["classifier", "renderer"]
_GROUPS: dict[Kind, str] = {
    "classifier": "contractkit.classifiers",
    "renderer": "contractkit.renderers",
}


def available(kind: Kind) -> tuple[str, ...]:
    """The names installed for ``kind``, sorted."""
    return tuple(sorted({ep.name for ep in entry_points(group=_GROUPS[kind])}))


def classifier_named(name: str) -> ClauseClassifier:
    """The classifier registered as ``name``.

    Raises:
        InvalidOptionError: No classifier has that name, or it does not classify.
    """
    return cast(ClauseClassifier, named("classifier", name, "classify", "(clauses)"))


def named(kind: Kind, name: str, method: str, arguments: str) -> object:
    """The object registered as ``name`` for ``kind``, checked to have ``method``.

    Raises:
        InvalidOptionError: Nothing has that name, it cannot be loaded, or lacks ``method``.
    """
    found = _load(kind, name)
    if not callable(getattr(found, method, None)):
        raise InvalidOptionError(f"the {kind} {name!r} has no {method}{arguments} method")
    return found


def _load(kind: Kind, name: str) -> object:
    matches = [ep for ep in entry_points(group=_GROUPS[kind]) if ep.name == name]
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
