"""Demo data of the opinions app, called by ``boucle.demo.seed`` after the other steps: each demo organization
asks its community a question on its open (ideation) challenge, and Brickwerk's most supported project asks
one too. Seed statements go through the services, as do the statements members write (one accepted, one
rejected, one waiting for moderation: the conversations are moderated first). The demo members' votes are
written in bulk, as ``services.vote_cast`` would leave them (one row per participant and statement, the
participants' ``last_voted_on`` and the ``ParticipationDay`` counts), drawn from a fixed seed so that they form
two or three opinion groups; then the map is computed at once with the task's own computation, so the
conversation page shows its groups right away.

Idempotent: a target that already has the conversation's question gets nothing more. alice votes on nothing,
so that logging in as her shows statements to vote on.
"""

import random
from datetime import timedelta

from django.utils import timezone

from boucle.opinions import services
from boucle.opinions.models import (
    Conversation,
    Participant,
    ParticipationDay,
    Statement,
    StatementState,
    Vote,
)
from boucle.opinions.tasks import map_compute

SEED = "boucle-demo-opinions"
VOTE_DAYS = 12  # votes are spread over the last days
CAMP_SHARES = (0.45, 0.35, 0.20)  # how the voters split between the three camps
VOTE_RATE = 0.85  # the share of statements each voter votes on
LOYALTY = 0.8  # how often a voter votes as their camp does

# Per organization: the challenge (by state) the conversation is about, its question and description, the seed
# statements with how each of three camps votes on them (1 agree, -1 disagree, 0 pass), and the statements
# members write: (text, camp votes) accepted, then one rejected and one left waiting for moderation.
CONVERSATIONS = {
    "brickwerk": {
        "challenge": "ideation",
        "question": "What makes a good rolling toy for children under four?",
        "description": (
            "The *Rolling toys for toddlers* challenge opens soon. Before you design, tell us what matters "
            "to you: vote on the statements below, and add your own."
        ),
        "statements": [
            ("Every part should be too big to swallow, even the wheels' axles.", (1, 1, 1)),
            ("A toddler toy should come pre-assembled, not as a build.", (1, -1, 0)),
            ("Building the toy together is half the fun for parents.", (-1, 1, 1)),
            ("Wheels should be rubber, not hard plastic: quieter on wooden floors.", (1, 0, 1)),
            ("Motors have no place in a toy for under-fours.", (1, 1, -1)),
            ("A simple push-button motor would make it more fun.", (-1, -1, 1)),
            ("Bright primary colours only: toddlers see them best.", (1, -1, 0)),
            ("Muted colours look nicer in a living room.", (-1, 1, 0)),
            ("The toy should grow with the child: rebuild it into something else at five.", (-1, 1, 1)),
            ("It should survive being thrown down the stairs.", (1, 1, 1)),
            ("A pull string is a strangling hazard and should not be allowed.", (1, 0, -1)),
            ("Sounds and lights, even without a motor, make it more engaging.", (-1, -1, 1)),
        ],
        "written": [
            ("Parts should be washable in a dishwasher.", (1, 1, 0)),
            ("Buy cheaper bricks at brick-outlet.example.com!!!", None),
            ("Could the box double as a garage for the toy?", None),
        ],
    },
    "free-beer-collective": {
        "challenge": "ideation",
        "question": "How should we brew full-flavoured beers under 3%?",
        "description": (
            "For *Low and slow: beers under 3%*, we want the community's view before the recipes come in. "
            "Vote on each statement; add the one we forgot."
        ),
        "statements": [
            ("A low-alcohol beer should still taste like beer, not like malt water.", (1, 1, 1)),
            ("Special low-attenuating yeasts are the way to go.", (1, -1, 0)),
            ("Mashing hot for more body beats any special yeast.", (-1, 1, 0)),
            ("Dry hopping heavily makes up for the missing alcohol.", (1, 0, -1)),
            ("Hoppy low-alcohol beers taste thin; go for a dark mild instead.", (-1, 1, 1)),
            ("Sour and fruit beers are the best fit under 3%.", (0, -1, 1)),
            ("Lactose is fine to add body.", (1, -1, -1)),
            ("Recipes should stay vegan: no lactose, no honey.", (-1, 1, 1)),
            ("Table beers of 2.5% were normal a century ago; copy the old recipes.", (-1, 1, 0)),
            ("The collective should sell these in cans, not only bottles.", (1, 0, 1)),
            ("Under 3% should mean cheaper packs, since there is less malt.", (1, 1, 1)),
            ("Dealcoholising a normal beer is cheating.", (0, 1, -1)),
        ],
        "written": [
            ("Oats in the mash give body without sweetness.", (1, 1, 0)),
            ("This whole challenge is pointless, real beer has alcohol.", None),
            ("Could we have a tasting kit with three small cans to compare?", None),
        ],
    },
    "velomotive": {
        "challenge": "ideation",
        "question": "What would make our bikes easier to repair at home?",
        "description": (
            "*Repair first* asks for options that make repairs possible without a workshop. Which ones "
            "matter most to you? Vote, and add your own ideas."
        ),
        "statements": [
            ("Every bolt on the bike should take the same two hex keys.", (1, 1, 1)),
            ("The battery cells should be replaceable one by one.", (1, -1, 0)),
            ("A sealed battery pack is safer than one you open at home.", (-1, 1, 0)),
            ("The motor firmware should be open so owners can fix it.", (1, -1, -1)),
            ("Open firmware would let people remove the speed limit: keep it closed.", (-1, 1, 0)),
            ("Hub motors are simpler to repair than mid motors.", (0, 0, 1)),
            ("Spare parts should be sold for at least ten years.", (1, 1, 1)),
            ("Repair videos matter more than printed manuals.", (1, 0, -1)),
            ("A printed manual with exploded drawings should come with every bike.", (0, 1, 1)),
            ("Standard parts from any bike shop beat our own better parts.", (1, -1, 1)),
            ("A yearly check-up in our Grenoble workshop is enough for most owners.", (-1, 1, 0)),
            ("Wiring should use connectors, never soldered joints.", (1, 0, 1)),
        ],
        "written": [
            ("Publish the torque values for every bolt.", (1, 0, 1)),
            ("My neighbour's bike is better, and cheaper.", None),
            ("A repair café partnership in every city we sell in?", None),
        ],
    },
}

# The conversation on Brickwerk's most supported open project.
PROJECT_CONVERSATION = {
    "organization": "brickwerk",
    "question": "What should the next version of this model change?",
    "description": "We are planning the next version of the model. Your votes decide what changes first.",
    "statements": [
        ("The instructions need more steps, each with fewer parts.", (1, 1, 0)),
        ("The model should be bigger, even if the box costs more.", (1, -1, -1)),
        ("Keep the price under the current one, whatever we remove.", (-1, 1, 1)),
        ("Add a second colour scheme as an alternative build.", (1, 0, -1)),
        ("Fewer rare parts, so it can be built from a classic bin.", (-1, 1, 1)),
        ("A display stand would make it a better gift.", (1, -1, 0)),
        ("The moving parts should use Brickwerk Motion gears.", (1, -1, 1)),
        ("It is great as it is; fix only the wobbly base.", (-1, 1, 0)),
        ("A minifigure scale would let it join our other sets.", (0, 1, 1)),
        ("The build should take an evening, not a weekend.", (-1, 1, 0)),
    ],
    "written": [
        ("Print the parts list on the box so we can check it before building.", (1, 1, 1)),
        ("First!!!", None),
        ("Could you sell only the missing parts for people who have the first version?", None),
    ],
}


def seed_opinions(*, orgs, people) -> None:
    """The demo conversations (see the module's docstring); ``orgs`` and ``people`` come from the demo seed."""
    now = timezone.now()
    voters = [u for u in people.community if u.pk != people.alice.pk]
    for ctx in orgs:
        spec = CONVERSATIONS.get(ctx.spec["slug"])
        if spec is None:
            continue
        challenge = ctx.challenges[spec["challenge"]]
        _conversation(
            target=challenge, owner=_owner(ctx), spec=spec, voters=voters, now=now, key=ctx.spec["slug"]
        )
        if ctx.spec["slug"] == PROJECT_CONVERSATION["organization"]:
            project = _popular_project(ctx)
            if project is not None:
                _conversation(
                    target=project,
                    owner=_project_owner(project),
                    spec=PROJECT_CONVERSATION,
                    voters=voters,
                    now=now,
                    key=f"project-{project.slug}",
                )


def _owner(ctx):
    from boucle.orgs.models import Role

    return ctx.staff[Role.OWNER][0]


def _popular_project(ctx):
    """Brickwerk's most supported open project, or the one that already holds the demo's project conversation
    (supports move, and ``seed --scale`` adds generated projects: a second seed must not pick another)."""
    from boucle.projects.enums import ProjectStatus
    from boucle.projects.models import Project

    seeded = Project.objects.filter(
        technology__organization=ctx.org, conversations__question=PROJECT_CONVERSATION["question"]
    ).first()
    if seeded is not None:
        return seeded
    return (
        Project.objects.filter(
            technology__organization=ctx.org,
            status__in=[ProjectStatus.PUBLISHED, ProjectStatus.SUPPORTED],
            hidden_at__isnull=True,
        )
        .order_by("-support_count", "slug")
        .first()
    )


def _project_owner(project):
    from boucle.projects.enums import TeamRole

    return project.team.filter(role=TeamRole.OWNER).select_related("user").first().user


def _conversation(*, target, owner, spec, voters, now, key):
    kwargs = services._target_kwargs(target)
    if Conversation.objects.filter(**kwargs, question=spec["question"]).exists():
        return None  # seeded before
    rng = random.Random(f"{SEED}-{key}")
    opened = now - timedelta(days=VOTE_DAYS + 2)
    conversation = services.conversation_create(
        actor=owner,
        target=target,
        question=spec["question"],
        description=spec["description"],
        moderated_first=True,
        seeds=[text for text, _camps in spec["statements"]],
    )
    stances = dict(
        zip(
            conversation.statements.order_by("pk").values_list("pk", flat=True),
            [camps for _text, camps in spec["statements"]],
            strict=True,
        )
    )
    Conversation.objects.filter(pk=conversation.pk).update(created_at=opened)
    conversation.statements.update(created_at=opened)
    # Members write statements: the conversation is moderated first, so they wait; the moderator accepts the
    # first, rejects the second and leaves the third waiting.
    writers = rng.sample([v for v in voters if v.pk != owner.pk], len(spec["written"]))
    for number, ((text, camps), writer) in enumerate(zip(spec["written"], writers, strict=True)):
        statement = services.statement_add(actor=writer, conversation=conversation, text=text)
        written_at = opened + timedelta(days=rng.uniform(1, VOTE_DAYS / 2))
        state = {0: StatementState.ACCEPTED, 1: StatementState.REJECTED}.get(number, StatementState.PENDING)
        moderated_at = written_at + timedelta(hours=rng.uniform(1, 12)) if number < 2 else None
        Statement.objects.filter(pk=statement.pk).update(
            created_at=written_at, state=state, moderated_at=moderated_at
        )
        if state == StatementState.ACCEPTED:
            stances[statement.pk] = camps
    _votes(conversation=conversation, stances=stances, voters=voters, rng=rng, now=now)
    map_compute(conversation)
    return conversation


def _votes(*, conversation, stances, voters, rng, now) -> None:
    """Each voter joins a camp and votes on most statements as the camp does, sometimes not; written as
    ``vote_cast`` leaves them: the votes, the participants' last day and the per-day counts."""
    existing = dict(conversation.participants.filter(user__isnull=False).values_list("user_id", "pk"))
    Participant.objects.bulk_create(
        [Participant(conversation=conversation, user=u) for u in voters if u.pk not in existing]
    )
    participants = dict(conversation.participants.filter(user__isnull=False).values_list("user_id", "pk"))
    votes, days, last_day = [], {}, {}
    for user in voters:
        camp = rng.choices(range(len(CAMP_SHARES)), weights=CAMP_SHARES)[0]
        day = now - timedelta(days=rng.uniform(0, VOTE_DAYS))
        for statement_id, camps in stances.items():
            if rng.random() > VOTE_RATE:
                continue
            value = camps[camp] if rng.random() < LOYALTY else rng.choice((-1, 0, 1))
            at = day + timedelta(seconds=rng.uniform(0, 600))
            participant_id = participants[user.pk]
            votes.append(
                Vote(
                    participant_id=participant_id,
                    statement_id=statement_id,
                    value=value,
                    created_at=at,
                    updated_at=at,
                )
            )
            local = timezone.localdate(at)
            count, who = days.setdefault(local, [0, set()])
            days[local][0] = count + 1
            who.add(participant_id)
            last_day[participant_id] = max(last_day.get(participant_id, local), local)
    Vote.objects.bulk_create(votes, batch_size=2000)
    for participant_id, day in last_day.items():
        Participant.objects.filter(pk=participant_id).update(last_voted_on=day)
    ParticipationDay.objects.bulk_create(
        [
            ParticipationDay(conversation=conversation, day=day, votes=count, participants=len(who))
            for day, (count, who) in sorted(days.items())
        ]
    )
