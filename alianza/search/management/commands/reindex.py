"""`python manage.py reindex [--kind product ...]`: rebuild the search index from the
records (the services keep it current; this is for a new installation, a restore or a
change of how entries are built)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from alianza.search.index import rebuild
from alianza.search.registry import search_kinds


class Command(BaseCommand):
    help = "Rebuild the search index of every kind of record (or of the kinds given)."

    def add_arguments(self, parser):
        parser.add_argument("--kind", action="append", dest="kinds", help="a kind to rebuild")

    def handle(self, *args, kinds=None, **options):
        known = {k.key for k in search_kinds}
        unknown = set(kinds or []) - known
        if unknown:
            raise CommandError(
                f"Unknown kind(s): {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}"
            )

        def progress(key: str, count: int) -> None:
            self.stdout.write(f"{key}: {count}")

        rebuild(kinds=kinds, progress=progress)
