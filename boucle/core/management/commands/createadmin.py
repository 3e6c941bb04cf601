import getpass

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from boucle.accounts.models import User


class Command(BaseCommand):
    help = "Create the first administrator: a staff superuser with a verified e-mail address."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument("--password", help="Read from the terminal when omitted.")

    @transaction.atomic
    def handle(self, *args, username, email, password, **options):
        from allauth.account.models import EmailAddress

        if User.objects.filter(username=username).exists():
            raise CommandError(f"A member named {username!r} already exists.")
        password = password or getpass.getpass("Password: ")
        if not password:
            raise CommandError("A password is required.")
        user = User.objects.create_superuser(username=username, email=email, password=password)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        self.stdout.write(self.style.SUCCESS(f"Administrator {username} created."))
