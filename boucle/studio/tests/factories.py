"""Kits and designs of the tally test kind (tests/kinds/boucle-kind-tally), built through the services.

kit = make_kit(technology)                                   # the tally kit, saved by the organization's owner
design = make_design(owner=alice)                            # a published project with a tally kit and a design
design = make_design(owner=alice, licence=Licence.BY_ND, counters=[("apple", 3)])
"""

from boucle.catalog.tests.factories import TechnologyFactory
from boucle.projects.enums import Licence
from boucle.projects.tests.factories import make_project
from boucle.studio.models import Design, DesignKit
from boucle.studio.services import design_create, kit_current, kit_save

TALLY_KIT = {
    "items": [
        {"name": "apple", "price": "0.50", "stock": 100},
        {"name": "pear", "price": "0.70", "stock": 10},
        {"name": "plum", "price": "0.20"},
    ],
    "max_total": 1000,
}


def tally(*pairs) -> dict:
    """Tally content: tally(("apple", 3), ("pear", 2)) -> counters c1, c2."""
    return {
        "counters": [
            {"id": f"c{i}", "name": name, "count": count} for i, (name, count) in enumerate(pairs, 1)
        ]
    }


def make_kit(technology=None, *, content=None) -> DesignKit:
    technology = technology or TechnologyFactory()
    existing = kit_current(technology)
    if existing is not None and content is None:
        return existing
    return kit_save(
        actor=technology.organization.created_by,
        technology=technology,
        kind="tally",
        content=content or TALLY_KIT,
    )


def make_design(
    *,
    owner=None,
    project=None,
    technology=None,
    licence=Licence.BY_SA,
    publish=True,
    counters=(("apple", 3),),
    title="Fruit basket",
) -> Design:
    if project is None:
        technology = technology or TechnologyFactory()
        project = make_project(owner=owner, technology=technology, licence=licence, publish=publish)
    make_kit(project.technology)
    owner = owner or project.created_by
    return design_create(actor=owner, project=project, title=title, content=tally(*counters))
