import logging
import os
import socket
import threading
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from boucle.core import periodic

logger = logging.getLogger("boucle.worker")


class Command(BaseCommand):
    help = "Run background tasks (django-tasks database queue) and the periodic jobs."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between queue polls.")
        parser.add_argument("--schedule-every", type=float, default=30.0, help="Seconds between schedule checks.")
        parser.add_argument("--batch", action="store_true", help="Run what is due and queued, then exit.")

    def handle(self, *args, interval, schedule_every, batch, **options):
        from django_tasks_db.management.commands.db_worker import Worker

        worker = Worker(
            queue_names=["*"],
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=not batch,
            max_tasks=None,
            worker_id=f"{socket.gethostname()}-{os.getpid()}"[:64],
            excluded_queue_names=[],
        )
        if batch:
            periodic.enqueue_due()
            worker.run()
            return

        def schedule():
            while True:
                try:
                    names = periodic.enqueue_due()
                    if names:
                        logger.info("Enqueued periodic jobs: %s", ", ".join(names))
                except Exception:  # keep scheduling: one failed check must not stop the worker
                    logger.exception("Periodic job check failed")
                finally:
                    close_old_connections()
                time.sleep(schedule_every)

        threading.Thread(target=schedule, name="boucle-scheduler", daemon=True).start()
        worker.configure_signals()
        self.stdout.write(f"Boucle worker running ({len(periodic.jobs())} periodic jobs).")
        worker.run()
