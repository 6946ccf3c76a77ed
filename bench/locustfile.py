"""Locust users for `bench/load.py`: each signs in through the login form, then reads one page
(BENCH_LOAD_PATH, named BENCH_LOAD_NAME) again and again without pause.

Not run on its own: `bench/load.py` starts gunicorn, loads the data, creates the account
(BENCH_LOAD_USERNAME / BENCH_LOAD_PASSWORD) and runs one headless Locust per page.
"""

from __future__ import annotations

import os
import re

from gevent.event import Event
from locust import FastHttpUser, constant, task

PATH = os.environ.get("BENCH_LOAD_PATH", "/healthz/")
NAME = os.environ.get("BENCH_LOAD_NAME", PATH)
USERNAME = os.environ.get("BENCH_LOAD_USERNAME", "")
PASSWORD = os.environ.get("BENCH_LOAD_PASSWORD", "")
USERS = int(os.environ.get("BENCH_LOAD_USERS", "1"))
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
#: Signing in hashes a password (a fraction of a CPU second each): nobody reads before every
#: reader has signed in, and the statistics start from zero then.
signed_in: list[str] = []
everyone_signed_in = Event()


class Reader(FastHttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        if not USERNAME:
            everyone_signed_in.set()
            return
        page = self.client.get("/accounts/login/", name="sign-in form")
        found = TOKEN.search(page.text or "")
        if found is None:
            raise RuntimeError("the login page has no CSRF token")
        with self.client.post(
            "/accounts/login/",
            data={
                "username": USERNAME,
                "password": PASSWORD,
                "csrfmiddlewaretoken": found.group(1),
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            allow_redirects=False,
            name="sign-in",
            catch_response=True,
        ) as answer:
            if answer.status_code != 302:
                answer.failure(f"sign-in answered {answer.status_code}, not a redirect")
                raise RuntimeError("could not sign in")
        signed_in.append(USERNAME)
        if len(signed_in) >= USERS:
            self.environment.stats.reset_all()
            everyone_signed_in.set()
        everyone_signed_in.wait()

    @task
    def read(self) -> None:
        # A redirect (to the sign-in page) or an error is a failure, not a fast answer.
        with self.client.get(
            PATH,
            name=NAME,
            headers={"Accept-Language": "es"},
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            if answer.status_code != 200:
                answer.failure(f"answered {answer.status_code}")
