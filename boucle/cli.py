"""The `boucle` command: Django's management commands plus demo, serve, worker, seed and createadmin."""

import os
import sys


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "boucle.settings.base")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["boucle", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
