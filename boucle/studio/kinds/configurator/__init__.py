"""The configurator kind (``kind``): a configurable product, its options and rules, checked by CP-SAT.
Registered in pyproject.toml under ``boucle.design_kinds``: ``configurator = "boucle.studio.kinds.configurator:kind"``."""

from .kind import ConfiguratorKind

kind = ConfiguratorKind()

__all__ = ["ConfiguratorKind", "kind"]
