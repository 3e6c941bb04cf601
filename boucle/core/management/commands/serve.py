import multiprocessing

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Boucle with gunicorn (a production server) on the configured database."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=min(4, multiprocessing.cpu_count() * 2 + 1))
        parser.add_argument("--no-collectstatic", action="store_true")
        parser.add_argument("--migrate", action="store_true", help="Apply migrations before serving.")

    def handle(self, *args, host, port, workers, no_collectstatic, migrate, **options):
        if migrate:
            call_command("migrate", interactive=False, verbosity=0)
        if not no_collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
        serve(host=host, port=port, workers=workers)


def serve(*, host: str, port: int, workers: int):
    from gunicorn.app.base import BaseApplication

    from boucle.wsgi import application

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("timeout", 60)
            self.cfg.set("accesslog", "-")
            self.cfg.set("forwarded_allow_ips", settings.FORWARDED_ALLOW_IPS)

        def load(self):
            return application

    Server().run()
