"""Real-browser tests: Playwright drives Debian's chromium (no browser download), headless."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail("chromium is missing: `make test` installs it (scripts/sysdeps.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def console_errors():
    """watch(page): collects the scripts that failed on that page and whatever the Content-Security-Policy
    refused (a script, a style, an image…); the test fails at its end if there was any."""
    errors: list[str] = []

    def on_console(page, msg):
        if msg.type == "error" and "Content Security Policy" in msg.text:
            errors.append(f"{page.url}: {msg.text}")

    def watch(page):
        page.on("console", lambda msg: on_console(page, msg))
        page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
        return page

    yield watch
    assert not errors, "the browser reported errors:\n" + "\n".join(errors)


@pytest.fixture
def login(browser, live_server, console_errors):
    """login(user, password) -> a Page signed in as that user, in a fresh browser context, watched for errors."""
    contexts = []

    def _login(username: str, password: str, *, viewport=None):
        context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900}, locale="th-TH")
        contexts.append(context)
        page = console_errors(context.new_page())
        page.set_default_timeout(15000)
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return page

    yield _login
    for context in contexts:
        context.close()


def pytest_collection_modifyitems(items):
    # A real browser takes seconds a test: the browser tests are slow tests too (-m "not slow" skips them).
    for item in items:
        if "/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def artifacts():
    """Where a browser test keeps its screenshots and files for people to look at: $E2E_ARTIFACTS, else
    var/e2e-artifacts/ (ignored by git)."""
    from pathlib import Path

    folder = Path(
        os.environ.get("E2E_ARTIFACTS") or Path(__file__).resolve().parents[2] / "var" / "e2e-artifacts"
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder
