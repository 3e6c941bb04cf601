"""similar_projects: planted near-duplicates find each other among hundreds of generated projects."""

import random

import pytest
from django.utils import timezone

from boucle.catalog.tests.factories import TechnologyFactory
from boucle.projects.enums import ProjectStatus
from boucle.projects.lifecycle import project_transition
from boucle.projects.models import Project
from boucle.projects.tests.factories import make_project
from boucle.search.selectors import similar_projects
from boucle.search.services import search_reindex

pytestmark = pytest.mark.django_db

ADJECTIVES = """wooden folding pocket giant tiny portable magnetic musical floating rolling glowing silent smart
retro modular electric solar hidden spinning foldable paper woven ceramic inflatable quiet bright heavy""".split()
NOUNS = """lamp clock garden robot bridge tower kite boat desk chair castle train rocket helmet drum guitar
map puzzle camera bicycle tent kitchen oven bottle umbrella compass telescope wallet backpack mirror
greenhouse aquarium ladder carousel fountain sled lantern hammock windmill piano scooter harbour""".split()
VERBS = """lights folds plays sorts carries measures shows grows cleans tracks opens spins cools warms teaches
stores""".split()
EXTRA = """night kids board play light water family city school office winter summer travel friends""".split()

PLANTED = [
    (
        ("Solar powered bird feeder", "A feeder that charges from sunlight and tells you which birds visit."),
        ("Bird feeder with a solar panel", "Sunlight charges this feeder, and it recognises the visiting birds."),
    ),
    (
        ("Glow-in-the-dark chess set", "Chess pieces that glow, so you can play at night on camping trips."),
        ("Luminous chess board for night games", "Play chess outside at night: the pieces and the board glow."),
    ),
    (
        ("Modular bookshelf from recycled skateboards", "Old skateboard decks become shelves you can rearrange."),
        ("Skateboard deck bookshelf", "Recycled skateboards turned into a modular bookshelf."),
    ),
    (
        ("Rainwater harvesting planter", "A balcony planter that collects rain and waters herbs automatically."),
        ("Self-watering balcony planter using rain", "It collects rainwater to water your herbs for you."),
    ),
    (
        ("Braille learning blocks for kids", "Toy blocks with braille dots help blind children learn letters."),
        ("Kids braille alphabet bricks", "Bricks with raised braille dots so blind children learn the alphabet."),
    ),
]


def _generated(rng: random.Random, n: int) -> tuple[str, str, str]:
    adjective, noun, other = rng.choice(ADJECTIVES), rng.choice(NOUNS), rng.choice(NOUNS)
    extra = rng.sample(EXTRA, 2)
    title = f"{adjective.title()} {noun} {n}"
    pitch = f"A {rng.choice(ADJECTIVES)} {noun} that {rng.choice(VERBS)} the {other} for {extra[0]} and {extra[1]}."
    body = " ".join(rng.choice(NOUNS + VERBS + ADJECTIVES + EXTRA) for _ in range(40))
    return title, pitch, body


@pytest.fixture
def community(user):
    technology = TechnologyFactory()
    rng = random.Random(20261126)
    now = timezone.now()
    rows = []
    for n in range(300):
        title, pitch, body = _generated(rng, n)
        rows.append(Project(
            title=title, slug=f"generated-{n}", pitch=pitch, body=body, technology=technology, created_by=user,
            status=ProjectStatus.PUBLISHED, published_at=now,
        ))
    Project.objects.bulk_create(rows)
    search_reindex()  # bulk_create sends no signal
    pairs = []
    for first, second in PLANTED:
        a = make_project(owner=user, technology=technology, publish=True, title=first[0], pitch=first[1])
        b = make_project(owner=user, technology=technology, publish=True, title=second[0], pitch=second[1])
        pairs.append((a, b))
    return pairs


def test_each_planted_near_duplicate_finds_its_twin_in_its_top_three(community):
    for a, b in community:
        for project, twin in ((a, b), (b, a)):
            # when
            similar = similar_projects(title=project.title, pitch=project.pitch, exclude=project)
            # then
            top = [p.pk for p in similar[:3]]
            assert twin.pk in top, (project.title, [p.title for p in similar])
            assert project.pk not in top


def test_a_new_draft_sees_the_published_twin(community):
    # given: a member drafts the same idea again, in other words
    a, _b = community[0]
    # when
    similar = similar_projects(title="Feeder for birds, solar", pitch="Charges itself with sunlight")
    # then
    assert a.pk in [p.pk for p in similar[:3]]


def test_drafts_archived_and_hidden_projects_are_never_suggested(user):
    # given
    technology = TechnologyFactory()
    draft = make_project(owner=user, technology=technology, title="Harpsichord robot", pitch="Plays baroque music")
    archived = make_project(owner=user, technology=technology, publish=True, title="Harpsichord tuner",
                            pitch="Tunes baroque strings")
    project_transition(project=archived, to_status=ProjectStatus.ARCHIVED, actor=user, reason="Stopped")
    hidden = make_project(owner=user, technology=technology, publish=True, title="Harpsichord lamp",
                          pitch="Baroque light")
    hidden.hidden_at = timezone.now()
    hidden.save()
    live = make_project(owner=user, technology=technology, publish=True, title="Harpsichord stand",
                        pitch="Holds baroque sheets")
    # when
    similar = similar_projects(title="Harpsichord", pitch="baroque")
    # then
    assert [p.pk for p in similar] == [live.pk]
    assert draft.pk not in [p.pk for p in similar]


def test_only_stop_words_suggest_nothing(user):
    make_project(owner=user, publish=True, title="The and of", pitch="It is what it is")
    assert similar_projects(title="The", pitch="and of it is") == []
    assert similar_projects(title="", pitch="") == []
