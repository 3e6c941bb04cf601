from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the demo data (idempotent). --scale N multiplies members, projects, comments and supports."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1)
        parser.add_argument("--demo", action="store_true", help="(default) the demo organizations and people")

    def handle(self, *args, scale, **options):
        from boucle.demo.seed import seed

        report = seed(scale=scale)
        self.stdout.write(self.style.SUCCESS(report))
