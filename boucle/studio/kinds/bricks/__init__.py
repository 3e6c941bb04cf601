"""The brick kind (``kind``), registered in pyproject.toml under the entry point group
``boucle.design_kinds``: ``bricks = "boucle.studio.kinds.bricks:kind"``."""

from .kind import BricksKind

kind = BricksKind()

__all__ = ["BricksKind", "kind"]
