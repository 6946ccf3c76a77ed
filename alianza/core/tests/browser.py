"""Helpers for the real-browser tests: Debian's headless Chromium driven by Selenium."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from selenium import webdriver
from selenium.common.exceptions import (
    NoSuchElementException,
    StaleElementReferenceException,
    WebDriverException,
)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
#: Generous: the CI machine runs the whole suite on two cores.
TIMEOUT = 30


@contextmanager
def chromium(language: str = "es") -> Iterator[webdriver.Chrome]:
    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium download a driver
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="alianza-chromium-")
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1000",
        f"--lang={language}",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    # The console log (driver.get_log("browser")): CSP violations and script errors land there.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.implicitly_wait(2)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait(driver, condition, timeout: int = TIMEOUT):
    """Wait for `condition`, ignoring elements that htmx swaps out meanwhile (Chromium
    reports a node swapped out during a read as "does not belong to the document")."""

    def settled(d):
        try:
            return condition(d)
        except WebDriverException as exc:
            if "does not belong to the document" in str(exc):
                return False
            raise

    return WebDriverWait(
        driver, timeout, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)
    ).until(settled)


def click(driver, element) -> None:
    """Scroll the element into view at once (Bootstrap scrolls smoothly) and click it."""
    driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element
    )
    element.click()


def console_errors(driver) -> list[str]:
    """The console errors since the last call (the log is emptied as it is read).

    A Content-Security-Policy violation ("Refused to execute inline script...", "Refused to
    apply inline style...") is logged as an error, as is any uncaught script error.
    """
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def csp_violations(driver) -> list[str]:
    """The console errors that are Content-Security-Policy violations."""
    return [
        message
        for message in console_errors(driver)
        if "Content Security Policy" in message or "Refused to" in message
    ]
