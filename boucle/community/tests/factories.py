"""Factories for the community app, and the little it needs of projects until their own factories land."""

import factory
from django.utils import timezone
from django.utils.text import slugify

from boucle.accounts.tests.factories import UserFactory
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.community.models import Comment, CommentRevision, Mention, Reaction, ReactionKind
from boucle.projects.enums import ProjectStatus, TeamRole
from boucle.projects.models import Project, ProjectMember


class CommentProjectFactory(factory.django.DjangoModelFactory):
    """A published project whose creator is its owner (``team=[bob]`` adds co-authors)."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Project {n}")
    slug = factory.LazyAttribute(lambda p: slugify(p.title))
    pitch = "A new use of the technology."
    technology = factory.SubFactory(TechnologyFactory)
    status = ProjectStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def team(project, create, extracted, **kwargs):
        if not create:
            return
        ProjectMember.objects.create(project=project, user=project.created_by, role=TeamRole.OWNER)
        for member in extracted or []:
            ProjectMember.objects.create(project=project, user=member, role=TeamRole.COAUTHOR)


class CommentFactory(factory.django.DjangoModelFactory):
    """A raw comment row (tests of behaviour go through ``services.comment_create``)."""

    class Meta:
        model = Comment

    target = factory.SubFactory(CommentProjectFactory)
    project = factory.LazyAttribute(lambda c: c.target if isinstance(c.target, Project) else None)
    author = factory.SubFactory(UserFactory)
    body = "A comment."
    body_html = "<p>A comment.</p>"


class CommentRevisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommentRevision

    comment = factory.SubFactory(CommentFactory)
    body = "An earlier text."


class ReactionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reaction

    comment = factory.SubFactory(CommentFactory)
    user = factory.SubFactory(UserFactory)
    kind = ReactionKind.LIKE


class MentionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mention

    comment = factory.SubFactory(CommentFactory)
    user = factory.SubFactory(UserFactory)
