"""The registry of design kinds: every kind installed in the environment, found through its entry point.

A kind is declared in its package's ``pyproject.toml``, Boucle's own kinds as much as a separate package's::

    [project.entry-points."boucle.design_kinds"]
    bricks = "boucle.studio.kinds.bricks:kind"

The entry point's value is a ``DesignKind`` instance (or a subclass, which is instantiated); its name must be
the kind's ``name``. A kind that does not load (an import error, a missing attribute, a name that differs) is
logged and left out: one broken package never takes the studio down. The loaded kinds are cached for the life
of the process; ``reset_kinds()`` forgets them (tests, after installing a package).

>>> get_kind("tally").label
'Tally'
>>> [k.name for k in kinds()]
['bricks', 'tally']
"""

import logging
import threading
from importlib.metadata import entry_points

from django.utils.translation import gettext as _

from boucle.core.errors import NotFound
from boucle.studio.kinds.base import DesignKind

logger = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "boucle.design_kinds"
# What a kind must declare; the loader refuses a kind missing one of them (and says which).
REQUIRED_ATTRIBUTES = ("name", "label", "content_schema", "kit_schema", "editor_template")

_kinds: dict[str, DesignKind] | None = None
_lock = threading.Lock()


def _check(kind, entry_name: str) -> DesignKind:
    if isinstance(kind, type) and issubclass(kind, DesignKind):
        kind = kind()
    if not isinstance(kind, DesignKind):
        raise TypeError(f"{kind!r} is not a DesignKind (subclass boucle.studio.kinds.base.DesignKind)")
    missing = [a for a in REQUIRED_ATTRIBUTES if not getattr(kind, a, None)]
    if missing:
        raise TypeError(f"Give your {type(kind).__name__} class the attribute(s) {', '.join(missing)}")
    if kind.name != entry_name:
        raise TypeError(
            f"The entry point is called {entry_name!r} but the kind's name is {kind.name!r}: they must be the same"
        )
    return kind


def _load() -> dict[str, DesignKind]:
    found: dict[str, DesignKind] = {}
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        if entry.name in found:
            logger.error("Design kind %r is declared twice; keeping the first (%s)", entry.name, entry.value)
            continue
        try:
            found[entry.name] = _check(entry.load(), entry.name)
        except Exception:
            logger.exception(
                "Design kind %r (%s) could not be loaded; it is left out", entry.name, entry.value
            )
    return dict(sorted(found.items()))


def _registry() -> dict[str, DesignKind]:
    global _kinds
    if _kinds is None:
        with _lock:
            if _kinds is None:
                _kinds = _load()
    return _kinds


def reset_kinds() -> None:
    """Forget the loaded kinds: the next call looks for entry points again."""
    global _kinds
    with _lock:
        _kinds = None


def kinds() -> list[DesignKind]:
    """Every installed kind, by name."""
    return list(_registry().values())


def kind_names() -> list[str]:
    return list(_registry())


def find_kind(name: str) -> DesignKind | None:
    """The kind called ``name``, or None when it is not installed."""
    return _registry().get(name)


def get_kind(name: str) -> DesignKind:
    """The kind called ``name``; ``NotFound`` when no installed package provides it."""
    kind = find_kind(name)
    if kind is None:
        raise NotFound(
            _("There is no design kind “%(name)s” on this site (its package is not installed).")
            % {"name": str(name)[:60]}
        )
    return kind
