import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

from boucle.core.management.commands.serve import serve


class Command(BaseCommand):
    help = "Migrate, load the demo data, then serve Boucle with its worker beside it."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args, host, port, workers, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Loading demo data…")
        call_command("seed", demo=True)
        call_command("collectstatic", interactive=False, verbosity=0)
        worker = subprocess.Popen([sys.executable, "-m", "boucle", "worker"])
        self.stdout.write(f"Boucle is at http://{host}:{port}/ (demo log-in: alice / demo-password)")
        try:
            serve(host=host, port=port, workers=workers)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
