"""Who may realize (produce and sell) a design: the licence rules of adoption, and the attribution chain frozen
on a realization.

The attribution chain
=====================
The chain of a revision R of a design D is the list of links: D itself (up to R's number), then the design D
was forked from (``Design.forked_from`` → ``Revision.design``) up to the forked revision, and so on, recursively
(``studio.selectors.attribution_chain``). Each link names its project, the project's licence (a design's licence
is its project's) and its **authors**: the project's team (owners and co-authors), plus, for the record, the
members whose revisions the link includes (``contributors``, suggestion authors among them).

Commercial use (NC)
===================
When the licence of **any** link is non-commercial (CC BY-NC, CC BY-NC-SA), the organization must hold, for
every link and every author of that link, an active ``CommercialGrant`` from that author to the organization,
either for all the author's projects (``project`` empty) or for that link's project. A revoked grant counts no
more. No organization is exempt, not even the one of the design's technology. When every link allows
commercial use, any producer may realize the design.

No derivatives (ND)
===================
An ND licence allows copies, not changes, by anyone outside the project's team. Precisely: for every link *i* ≥
1 under CC BY-ND whose project differs from the project of link *i* − 1 (the ND work entered another project by
a fork), the frozen revision's ``content_hash`` (sha256 of its canonical JSON) must equal the ``content_hash``
of that link's revision (the revision the fork was taken from). A fork's revision 1 is such an unmodified copy;
any later change makes the design unrealizable. Links of the same project are the team's own work: a team may
change its own ND design, and a producer realizes one of its main-line revisions as it is.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from boucle.projects.enums import LICENCE_URLS, TeamRole
from boucle.studio.licences import NO_DERIVATIVES, NON_COMMERCIAL, licence_label


@dataclass
class Link:
    design: object  # studio.Design
    revision: object  # studio.Revision: the revision of this design the chain reaches
    project: object  # projects.Project
    authors: list = field(default_factory=list)  # [User]: the project's team, owners first
    contributors: list = field(default_factory=list)  # [User]: authors of the revisions the link includes

    @property
    def licence(self) -> str:
        return self.project.licence

    @property
    def non_commercial(self) -> bool:
        return self.licence in NON_COMMERCIAL

    @property
    def no_derivatives(self) -> bool:
        return self.licence in NO_DERIVATIVES


@dataclass
class Chain:
    links: list  # [Link], the design first

    @property
    def needs_grants(self) -> bool:
        return any(link.non_commercial for link in self.links)

    def author_pairs(self) -> list[tuple[object, object]]:
        """[(author, project)] for every author of every link, in chain order, without repeats."""
        seen, pairs = set(), []
        for link in self.links:
            for author in link.authors:
                if (author.pk, link.project.pk) not in seen:
                    seen.add((author.pk, link.project.pk))
                    pairs.append((author, link.project))
        return pairs


def chain_build(*, design, revision) -> Chain:
    """The attribution chain of ``revision`` (a main-line revision of ``design``), with each link's team."""
    from boucle.projects.models import ProjectMember
    from boucle.studio.models import Revision
    from boucle.studio.selectors import attribution_chain

    attribution = attribution_chain(design=design, revision=revision)
    links = []
    for entry in attribution.designs:
        rev = revision if entry.design.pk == design.pk else None
        if rev is None:
            rev = Revision.objects.filter(design=entry.design, number=entry.upto).first()
        links.append(
            Link(
                design=entry.design,
                revision=rev,
                project=entry.design.project,
                contributors=list(entry.authors),
            )
        )
    project_ids = {link.project.pk for link in links}
    team: dict[int, list] = {}
    members = (
        ProjectMember.objects.filter(project_id__in=project_ids)
        .select_related("user")
        .order_by("project_id", "created_at", "id")
    )
    for member in members:
        team.setdefault(member.project_id, []).append(member)
    for link in links:
        rows = sorted(team.get(link.project.pk, []), key=lambda m: m.role != TeamRole.OWNER)
        link.authors = [m.user for m in rows]
    return Chain(links=links)


def active_grants(*, organization, pairs):
    """The active grants of ``organization`` that cover any of ``pairs`` [(author, project)]."""
    from boucle.realization.models import CommercialGrant

    if not pairs:
        return CommercialGrant.objects.none()
    authors = {author.pk for author, _project in pairs}
    projects = {project.pk for _author, project in pairs}
    return CommercialGrant.objects.filter(
        organization=organization, grantor_id__in=authors, revoked_at__isnull=True
    ).filter(Q(project__isnull=True) | Q(project_id__in=projects))


def missing_grants(*, organization, pairs) -> list[tuple[object, object]]:
    """The (author, project) pairs no active grant of ``organization`` covers."""
    covered_all, covered = set(), set()
    for grantor_id, project_id in active_grants(organization=organization, pairs=pairs).values_list(
        "grantor_id", "project_id"
    ):
        if project_id is None:
            covered_all.add(grantor_id)
        else:
            covered.add((grantor_id, project_id))
    return [
        (author, project)
        for author, project in pairs
        if author.pk not in covered_all and (author.pk, project.pk) not in covered
    ]


def _names(pairs) -> str:
    return ", ".join(
        _("%(author)s (for “%(project)s”)")
        % {"author": author.name or author.username, "project": project.title}
        for author, project in pairs
    )


def nd_refusal(*, chain: Chain, revision) -> str | None:
    """Why ``revision`` is not an unmodified copy of an ND work it comes from (see the module's rule)."""
    for before, link in zip(chain.links, chain.links[1:], strict=False):
        if not link.no_derivatives or link.project.pk == before.project.pk:
            continue
        if link.revision is None or link.revision.content_hash != revision.content_hash:
            return _(
                "“%(design)s” in “%(project)s” is under %(licence)s: no derivatives. Only an unmodified copy "
                "of its revision %(n)s may be realized, and this revision differs from it."
            ) % {
                "design": link.design.title,
                "project": link.project.title,
                "licence": licence_label(link.licence),
                "n": link.revision.number if link.revision is not None else "?",
            }
    return None


def nc_refusal(*, chain: Chain, organization) -> str | None:
    """Why ``organization`` may not sell under the chain's non-commercial licences (missing grants)."""
    if not chain.needs_grants:
        return None
    missing = missing_grants(organization=organization, pairs=chain.author_pairs())
    if not missing:
        return None
    nc = next(link for link in chain.links if link.non_commercial)
    return _(
        "“%(design)s” is under %(licence)s (non-commercial): %(organization)s may sell it only with a commercial "
        "grant from every author of its attribution chain. Missing: %(missing)s."
    ) % {
        "design": nc.design.title,
        "licence": licence_label(nc.licence),
        "organization": organization.name,
        "missing": _names(missing),
    }


def adoption_refusal(*, chain: Chain, revision, organization) -> str | None:
    """Why ``organization`` may not realize ``revision``, by the licences of its chain; None when it may."""
    return nd_refusal(chain=chain, revision=revision) or nc_refusal(chain=chain, organization=organization)


def _person(user) -> dict:
    return {"id": user.pk, "username": user.username, "name": user.name or user.username}


def chain_freeze(chain: Chain, *, organization=None) -> list[dict]:
    """The chain as JSON, stored on the realization: what its pages print, whatever happens later."""
    grants = {}
    if organization is not None and chain.needs_grants:
        for grant in active_grants(organization=organization, pairs=chain.author_pairs()):
            grants.setdefault(grant.grantor_id, []).append(grant.pk)
    out = []
    for link in chain.links:
        out.append(
            {
                "design": {"id": link.design.pk, "title": link.design.title, "number": link.design.number},
                "revision": {
                    "id": link.revision.pk if link.revision else None,
                    "number": link.revision.number if link.revision else None,
                    "content_hash": link.revision.content_hash if link.revision else "",
                },
                "project": {"id": link.project.pk, "title": link.project.title, "slug": link.project.slug},
                "licence": link.licence,
                "licence_label": licence_label(link.licence),
                "licence_url": LICENCE_URLS.get(link.licence, ""),
                "authors": [{**_person(user), "grants": grants.get(user.pk, [])} for user in link.authors],
                "contributors": [_person(user) for user in link.contributors],
            }
        )
    return out


def frozen_pairs(attribution: list[dict]) -> list[tuple[int, int]]:
    """[(author id, project id)] of a frozen chain."""
    return [(a["id"], link["project"]["id"]) for link in attribution for a in link.get("authors", [])]


def sale_refusal(realization) -> str | None:
    """Why the realization's organization may not sell it now: a non-commercial chain whose grants (from the
    authors frozen on the realization) are no longer all active. Checked when an offer is published or
    restocked; orders may check it too."""
    if not realization.needs_grants:
        return None
    from boucle.accounts.models import User
    from boucle.projects.models import Project

    pairs_ids = frozen_pairs(realization.attribution)
    users = User.objects.in_bulk({a for a, _p in pairs_ids})
    projects = Project.objects.in_bulk({p for _a, p in pairs_ids})
    pairs = [(users[a], projects[p]) for a, p in pairs_ids if a in users and p in projects]
    missing = missing_grants(organization=realization.organization, pairs=pairs)
    if not missing:
        return None
    return _(
        "A commercial grant this realization needs was revoked: %(organization)s may not sell it until every "
        "author grants it again. Missing: %(missing)s."
    ) % {"organization": realization.organization.name, "missing": _names(missing)}
