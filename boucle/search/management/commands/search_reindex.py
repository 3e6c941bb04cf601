from django.core.management.base import BaseCommand

from boucle.search.services import search_reindex


class Command(BaseCommand):
    help = "Rebuild the full-text search index from the database (after `boucle seed` or any bulk load)."

    def handle(self, *args, **options):
        count = search_reindex()
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {count} documents."))
