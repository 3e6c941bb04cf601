"""Demo data of the makes app, called by ``boucle.demo.seed`` after the realizations and orders: buyers of paid
order lines post a make of what they bought (the "verified buyer" badge), other members post makes of accepted
projects built from the open files, with photos drawn by Pillow; then each demo organization publishes a new
version of a technology citing its most-made project and its best make (the loop back).

Idempotent: an organization whose projects already have makes gets no more; a technology whose versions already
cite a project gets no new version. Everything goes through the services (ledger rows, events, search entries).
"""

import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count, Q
from PIL import Image, ImageDraw

from boucle.core.errors import BoucleError
from boucle.makes.models import Make
from boucle.makes.services import make_create
from boucle.projects.enums import ProjectStatus

PROJECTS_PER_ORGANIZATION = 3
MAKES_PER_PROJECT = 2
MADE_STATUSES = (ProjectStatus.ACCEPTED, ProjectStatus.IN_PRODUCTION, ProjectStatus.AVAILABLE)
NOTES = [
    "Built it over a weekend with my kids. The instructions were clear; the last step took two tries.",
    "Solid result. I swapped two parts for ones I had at home and it still works.",
    "**Lovely** build. Tip for the next maker: sort the parts by colour before you start.",
    "Took me an evening. It looks even better than on the pictures.",
    "Works as promised. I would add a note about the order of the last three steps.",
    "My second one: this time I followed the latest revision and the fit is perfect.",
]
PALETTE = [(200, 40, 40), (30, 110, 200), (240, 190, 30), (40, 150, 70), (240, 240, 240), (60, 60, 60)]


def demo_photo(seed_key: str, *, size=(640, 480)) -> SimpleUploadedFile:
    """A photo-like PNG: a table top and a stack of coloured blocks, the same for the same key."""
    rng = random.Random(f"boucle-demo-make-photo-{seed_key}")
    width, height = size
    image = Image.new("RGB", size, (222, 214, 200))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, int(height * 0.7), width, height], fill=(150, 110, 80))  # the table
    x = rng.randint(60, 160)
    base = int(height * 0.7)
    for _layer in range(rng.randint(3, 6)):
        w, h = rng.randint(120, 300), rng.randint(40, 70)
        left = min(max(20, x + rng.randint(-40, 40)), width - w - 20)
        draw.rectangle(
            [left, base - h, left + w, base], fill=rng.choice(PALETTE), outline=(30, 30, 30), width=3
        )
        for stud in range(left + 15, left + w - 15, 30):  # studs on top
            draw.rectangle([stud, base - h - 8, stud + 16, base - h], fill=(90, 90, 90))
        base -= h
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return SimpleUploadedFile(f"{seed_key}.png", buf.getvalue(), content_type="image/png")


def _head_revision(project):
    design = project.designs.filter(head__isnull=False).select_related("head").order_by("number").first()
    return design.head if design is not None else None


def _post(*, author, project, rng, key: str, order_line=None) -> Make | None:
    photos = [demo_photo(f"{key}-{i}") for i in range(rng.choice([1, 1, 2]))]
    try:
        return make_create(
            author=author,
            project=project,
            rating=rng.choice([3, 4, 4, 5, 5, 5]),
            note=rng.choice(NOTES),
            photos=photos,
            revision=_head_revision(project),
            order_line=order_line,
        )
    except BoucleError:
        return None  # a banned member, a project hidden meanwhile: skip it


def _seed_bought(organization) -> int:
    """Buyers of paid order lines of the organization's projects post a make linked to the line."""
    try:
        from boucle.orders.models import OrderLine
    except ImportError:
        return 0
    from boucle.makes.selectors import PAID_STATES

    lines = (
        OrderLine.objects.filter(
            project__technology__organization=organization,
            order__state__in=PAID_STATES,
            makes__isnull=True,
        )
        .select_related("order__buyer", "project__technology__organization")
        .order_by("id")[:PROJECTS_PER_ORGANIZATION]
    )
    posted = 0
    for line in lines:
        buyer = line.order.buyer
        if line.project.team.filter(user=buyer).exists():
            continue  # the team's own purchase: a make is for the community
        if Make.objects.filter(author=buyer, project=line.project).exists():
            continue
        rng = random.Random(f"boucle-demo-bought-{line.pk}")
        if _post(
            author=line.order.buyer, project=line.project, rng=rng, key=f"line-{line.pk}", order_line=line
        ):
            posted += 1
    return posted


def _seed_open_files(organization, community) -> int:
    """Members build accepted projects from the open files (those with designs first)."""
    from boucle.projects.models import Project

    projects = (
        Project.objects.filter(
            technology__organization=organization, status__in=MADE_STATUSES, hidden_at__isnull=True
        )
        .annotate(design_count=Count("designs", distinct=True), make_count=Count("makes", distinct=True))
        .order_by("-design_count", "slug")[:PROJECTS_PER_ORGANIZATION]
    )
    posted = 0
    for project in projects:
        if project.make_count >= MAKES_PER_PROJECT:
            continue
        team = set(project.team.values_list("user_id", flat=True))
        team |= set(project.makes.values_list("author_id", flat=True))  # and who already made it
        rng = random.Random(f"boucle-demo-makes-{project.slug}")
        makers = rng.sample([m for m in community if m.pk not in team], k=MAKES_PER_PROJECT)
        for n, maker in enumerate(makers):
            if _post(author=maker, project=project, rng=rng, key=f"{project.slug}-{n}"):
                posted += 1
    return posted


def _next_version(version: str) -> str:
    """ "2025.1" → "2025.2", "1.1" → "1.2", "beta" → "beta.1"."""
    head, _dot, last = version.rpartition(".")
    if last.isdigit():
        return f"{head}.{int(last) + 1}" if head else str(int(last) + 1)
    return f"{version}.1"


def _seed_version(organization) -> bool:
    """The organization's owner publishes a version of the technology of its most-made project, citing that
    project and its best make."""
    from boucle.catalog.models import VersionInspiration
    from boucle.catalog.services import technology_version_publish
    from boucle.projects.models import Project

    if VersionInspiration.objects.filter(version__technology__organization=organization).exists():
        return False
    project = (
        Project.objects.filter(technology__organization=organization, hidden_at__isnull=True)
        .annotate(make_count=Count("makes", filter=Q(makes__hidden_at__isnull=True)))
        .filter(make_count__gt=0)
        .select_related("technology__organization")
        .order_by("-make_count", "slug")
        .first()
    )
    if project is None:
        return False
    technology = project.technology
    owner = organization.memberships.filter(role="owner").select_related("user").order_by("id").first()
    if owner is None:
        return False
    latest = technology.versions.order_by("-released_at", "-id").first()
    version = _next_version(latest.version) if latest else "1.0"
    while technology.versions.filter(version__iexact=version).exists():
        version = _next_version(version)
    best = project.makes.filter(hidden_at__isnull=True).order_by("-rating", "id").first()
    technology_version_publish(
        actor=owner.user,
        technology=technology,
        version=version,
        changelog=(
            f"New parts and clearer instructions, after what our community built with **{project.title}**: "
            "thank you to its team and to everyone who showed their make."
        ),
        projects=[project],
        makes=[best] if best else [],
    )
    return True


def seed_makes(*, orgs, people) -> dict:
    """Makes on each demo organization's projects and a version citing one; returns what was added."""
    added = {"makes": 0, "versions": 0}
    for ctx in orgs:
        if not Make.objects.filter(project__technology__organization=ctx.org).exists():
            added["makes"] += _seed_bought(ctx.org)
            added["makes"] += _seed_open_files(ctx.org, people.community)
        added["versions"] += int(_seed_version(ctx.org))
    return added
