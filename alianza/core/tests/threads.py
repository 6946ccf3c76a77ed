"""Run work in threads that each have their own database connection, on either engine.

PostgreSQL: every thread opens its own connection to the test database. SQLite: the test
database lives in memory with a shared cache, where concurrent writers fail at once with
"database table is locked" (SQLite's shared-cache table locks do not wait), which is not
how the product runs. So the test's database is copied to a file (the production shape:
one SQLite file, IMMEDIATE transactions, a busy timeout) and every thread connects to that
file; the in-memory database of the other tests is not touched.

Use it in a `django_db(transaction=True)` test: build the data first, then

    with threaded_database(tmp_path) as db:
        results = db.run([task_1, task_2, ...])  # all start together
        final = db.call(read_back)               # read in a thread of its own too
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.db import connection, connections


class ThreadedDatabase:
    def __init__(self, sqlite_file: Path | None):
        self.sqlite_file = sqlite_file
        main = connections["default"]
        self._wrapper = type(main)
        self._settings = {**main.settings_dict, "NAME": str(sqlite_file)}

    def _bind(self) -> None:
        if self.sqlite_file is not None:
            connections["default"] = self._wrapper(self._settings, "default")

    def _in_thread(self, fn: Callable[[], Any], results: list, index: int, barrier) -> None:
        self._bind()
        try:
            if barrier is not None:
                barrier.wait()
            results[index] = fn()
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            results[index] = exc
        finally:
            connections.close_all()

    def run(self, tasks: list[Callable[[], Any]]) -> list[Any]:
        """Run every task in its own thread, all released at once; their results (or the
        exception each raised), in order."""
        results: list[Any] = [None] * len(tasks)
        barrier = threading.Barrier(len(tasks))
        threads = [
            threading.Thread(target=self._in_thread, args=(task, results, i, barrier))
            for i, task in enumerate(tasks)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        return results

    def call(self, fn: Callable[[], Any]) -> Any:
        """Run `fn` in a thread of its own connection (to see what the writers left)."""
        results: list[Any] = [None]
        thread = threading.Thread(target=self._in_thread, args=(fn, results, 0, None))
        thread.start()
        thread.join(timeout=120)
        if isinstance(results[0], BaseException):
            raise results[0]
        return results[0]


@contextmanager
def threaded_database(tmp_path: Path) -> Iterator[ThreadedDatabase]:
    if connection.vendor != "sqlite":
        yield ThreadedDatabase(None)
        return
    target = tmp_path / "concurrency.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
    copy.close()
    yield ThreadedDatabase(target)
