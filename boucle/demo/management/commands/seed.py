from django.core.management.base import BaseCommand, CommandError

from boucle.demo.seed import MAX_SCALE


class Command(BaseCommand):
    help = (
        "Load the demo data (idempotent: a second run changes nothing). "
        "--scale N multiplies members, projects, comments and supports."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help=f"1 to {MAX_SCALE} (default 1).")
        parser.add_argument("--demo", action="store_true", help="(default) the demo organizations and people")

    def handle(self, *args, scale, **options):
        from boucle.demo.seed import seed

        try:
            report = seed(scale=scale)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(report))
