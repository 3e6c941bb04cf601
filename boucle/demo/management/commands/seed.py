import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from boucle.demo.scale import MAX_PROJECTS


class Command(BaseCommand):
    help = (
        "Load the demo data (idempotent: a second run changes nothing). "
        "--scale N then generates a community of N projects on top of it (about N/10 members, "
        "10·N supports, 5·N comments, follows and activity), idempotent too."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=int, default=None, metavar="N",
            help=f"generate N projects (1 to {MAX_PROJECTS}) on top of the demo data; a larger N later adds the "
            "difference, a smaller or equal one changes nothing",
        )
        parser.add_argument("--demo", action="store_true", help="(default) the demo organizations and people")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")

    def handle(self, *args, scale, no_progress, verbosity, **options):
        from boucle.demo.scale import Progress, seed_scale
        from boucle.demo.seed import seed

        if scale is not None and not 1 <= scale <= MAX_PROJECTS:
            raise CommandError(_("The scale must be between 1 and %(max)d projects.") % {"max": MAX_PROJECTS})
        try:
            self.stdout.write(self.style.SUCCESS(seed(scale=1)))
            if scale is not None:
                quiet = no_progress or verbosity == 0
                progress = Progress(stream=None if quiet else sys.stderr)
                self.stdout.write(self.style.SUCCESS(seed_scale(projects=scale, progress=progress)))
        except ValueError as exc:
            raise CommandError(str(exc)) from None
