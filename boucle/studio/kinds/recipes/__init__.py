"""The recipe kind (``kind``), registered in pyproject.toml under the entry point group
``boucle.design_kinds``: ``recipes = "boucle.studio.kinds.recipes:kind"``."""

from .kind import RecipesKind

kind = RecipesKind()

__all__ = ["RecipesKind", "kind"]
