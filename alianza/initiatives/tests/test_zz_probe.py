import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


def test_probe(request, db):
    with CaptureQueriesContext(connection) as ctx:
        cast = request.getfixturevalue("cast")
    print("cast", len(ctx.captured_queries))
    c = cast.client("editor_a")
    with CaptureQueriesContext(connection) as ctx:
        c.get("/programs/TEST/initiatives/1/edit/")
    print("edit", len(ctx.captured_queries))
    with CaptureQueriesContext(connection) as ctx:
        c.get("/programs/TEST/initiatives/1/")
    print("detail", len(ctx.captured_queries))
    import time

    t = time.time()
    for i in range(20):
        cast.client("editor_a")
    print("client", (time.time() - t) / 20)
