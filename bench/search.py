"""The search over many entries: time to index and to answer a query, SQLite or PostgreSQL.

    python bench/search.py                      # a temporary SQLite database
    BENCH_POSTGRES=postgres://postgres@127.0.0.1:5432/bench_search python bench/search.py

Builds a throwaway database (migrated), adds BENCH_SEARCH_PRODUCTS public products (default
5,000) whose files hold about 3,000 characters of Spanish and English text each, indexes them
with `search.index.index_many` (what the services call), then times a few queries as a
visitor: the first page of results (20) with their snippets, and the count. Prints one line
per measure.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
N = int(os.environ.get("BENCH_SEARCH_PRODUCTS", "5000"))
POSTGRES = os.environ.get("BENCH_POSTGRES", "")
WORDS = [
    "evaluación",
    "evaluaciones",
    "capacitación",
    "capacitaciones",
    "cooperación",
    "sur-sur",
    "triangular",
    "programa",
    "proyecto",
    "indicadores",
    "resultados",
    "gestión",
    "conocimiento",
    "lecciones",
    "aprendidas",
    "buenas",
    "prácticas",
    "institucional",
    "fortalecimiento",
    "agenda",
    "desarrollo",
    "sostenible",
    "evaluation",
    "training",
    "cooperation",
    "knowledge",
    "management",
    "results",
    "indicators",
    "lessons",
    "learned",
    "practices",
    "institutional",
    "strengthening",
    "sustainable",
    "development",
    "agenda",
    "",
]
QUERIES = ["evaluación", "capacitaciones institucional", "knowledge management", "xyzzy"]


def main() -> None:
    folder = tempfile.mkdtemp(prefix="bench-search-")
    os.environ["DATABASE_URL"] = POSTGRES or f"sqlite:///{folder}/db.sqlite3"
    os.environ.setdefault("ALIANZA_TESTING", "1")
    os.environ["MEDIA_ROOT"] = f"{folder}/media"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    from alianza.audit.guard import bulk_writes_allowed
    from alianza.knowledge.models import KnowledgeProduct
    from alianza.programs.models import Program
    from alianza.search import index
    from alianza.search.selectors import hits, matching

    random.seed(14)
    program = Program.objects.create(code="BENCH", name_en="Bench", is_public=True)
    with transaction.atomic(), bulk_writes_allowed():
        KnowledgeProduct.objects.bulk_create(
            KnowledgeProduct(
                program=program,
                number=n + 1,
                kind="report",
                title_es=" ".join(random.choices(WORDS, k=6)),
                summary_es=" ".join(random.choices(WORDS, k=400)),
                dissemination="public",
            )
            for n in range(N)
        )
    products = list(KnowledgeProduct.objects.select_related("program").order_by("pk"))
    start = time.perf_counter()
    with transaction.atomic():
        for i in range(0, len(products), 500):
            index.index_many("product", products[i : i + 500])
    indexed = time.perf_counter() - start
    print(f"{connection.vendor}: indexed {N} products in {indexed:.2f} s")
    visitor = AnonymousUser()
    timings = []
    for query in QUERIES:
        start = time.perf_counter()
        entries = matching(visitor, query)
        page = hits(entries[:20], query)
        first = time.perf_counter() - start
        start = time.perf_counter()
        count = entries.count()
        counted = time.perf_counter() - start
        print(
            f"{connection.vendor}: {query!r}: first page ({len(page)}) in {first * 1000:.0f} ms, "
            f"{count} results counted in {counted * 1000:.0f} ms"
        )
        timings.append((query, first))
    baseline = timings[-1][1]  # the query no entry matches
    for query, first in timings:
        print(f"first page of {query!r}: x{first / baseline:.1f} the query with no match")


if __name__ == "__main__":
    main()
