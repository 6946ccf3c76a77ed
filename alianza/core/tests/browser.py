"""Helpers for the real-browser tests: Debian's headless Chromium driven by Selenium."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

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


# --- The walk's checks (alianza/core/tests/test_walk_browser.py) -----------------------------

#: axe-core, vendored as a test asset (scripts/vendor-static.sh): no page loads it, the browser
#: tests inject it into the page they check.
AXE = Path(__file__).resolve().parents[3] / "static" / "vendor" / "axe-core" / "axe.min.js"

#: Run axe-core on the page and hand back its violations of the given impacts, each as
#: (rule, impact, help, count, [up to three offending elements with their summary]).
AXE_RUN = """
const [impacts, done] = [arguments[0], arguments[arguments.length - 1]];
axe.run(document, {resultTypes: ['violations']}).then(result => done(
  result.violations.filter(v => impacts.includes(v.impact)).map(v => [
    v.id, v.impact, v.help,
    v.nodes.length,
    v.nodes.slice(0, 3).map(n =>
      n.target.join(' ') + ': ' + (n.failureSummary || '').replace(/\\s+/g, ' '))
  ])
)).catch(error => done([['axe-error', 'critical', String(error), 0, []]]));
"""


@cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(driver, impacts: tuple[str, ...] = ("serious", "critical")) -> list[list]:
    """axe-core's violations of `impacts` on the current page (axe injected if missing)."""
    if not driver.execute_script("return typeof window.axe !== 'undefined';"):
        driver.execute_script(_axe_source())
    driver.set_script_timeout(TIMEOUT)
    return driver.execute_async_script(AXE_RUN, list(impacts))


#: How many pixels the page is wider than the viewport, and the widest elements that stick out
#: of it while their parent does not (what to fix).
OVERFLOW = """
const width = window.innerWidth;
const wider = Math.max(0, document.documentElement.scrollWidth - width);
const all = () => Array.from(document.body.querySelectorAll('*'));
const right = e => e.getBoundingClientRect().right;
const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
  + Array.from(e.classList).slice(0, 3).map(c => '.' + c).join('')
  + (e.dataset.testid ? `[data-testid=${e.dataset.testid}]` : '');
const clipped = e => {
  for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
    if (getComputedStyle(a).overflowX !== 'visible') return true;
  }
  return false;
};
const culprits = wider ? all().filter(e =>
  right(e) > width + 1 && right(e.parentElement) <= width + 1 && !clipped(e)
).slice(0, 5).map(e =>
  `${name(e.parentElement)} > ${name(e)} (${Math.round(e.getBoundingClientRect().width)} px)`
) : [];
// Text that does not wrap (a long address) sticks out of its element, not as an element.
const spills = e => e.scrollWidth > e.clientWidth + 1
  && getComputedStyle(e).overflowX === 'visible';
const texts = wider && !culprits.length ? all().filter(e =>
  spills(e) && !clipped(e) && !Array.from(e.children).some(spills)
).slice(0, 5).map(e =>
  `${name(e)} holds text ${e.scrollWidth} px wide: ${e.textContent.trim().slice(0, 60)}`
) : [];
// An absolutely placed element escapes a scroll box that is not its containing block.
const placed = wider && !culprits.length && !texts.length ? all().filter(e =>
  getComputedStyle(e).position === 'absolute' && right(e) > width + 1
).slice(0, 5).map(e =>
  `${name(e.parentElement)} > ${name(e)} (absolute, right at ${Math.round(right(e))} px)`
) : [];
return [wider, culprits.concat(texts, placed)];
"""


def overflow(driver) -> tuple[int, list[str]]:
    """How many pixels the page is wider than the viewport (0 when it fits), and what sticks out."""
    wider, culprits = driver.execute_script(OVERFLOW)
    return wider, culprits


#: The page's visible text, less what is marked as written in another language
#: (`lang="en"` content shown where Spanish is missing, the language switch's own names).
VISIBLE_TEXT = """
const lang = document.documentElement.lang;
let text = document.body.innerText;
for (const other of document.body.querySelectorAll('[lang]')) {
  if (other.lang && !other.lang.startsWith(lang)) text = text.split(other.innerText).join(' ');
}
return text.replace(/\\s+/g, ' ');
"""


def visible_text(driver) -> str:
    return driver.execute_script(VISIBLE_TEXT)


def response_status(driver) -> int:
    """The HTTP status of the page the browser shows."""
    return driver.execute_script(
        "return performance.getEntriesByType('navigation')[0].responseStatus;"
    )
