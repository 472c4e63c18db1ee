"""Shared fixtures: the demo loaded into the test database, and named personas."""

import os
from pathlib import Path

import pytest

from sasaeai.demo.services import PASSWORD
from tests.snapshot import load_demo_fast


@pytest.fixture
def demo(db):
    """Load the three demo plans, their sample values and the demo users (no registers:
    tests of the registers make the rows they need, or ask for `demo_registers`). Loaded for
    real once a session, then copied in (tests/snapshot.py)."""
    load_demo_fast(registers=False)


@pytest.fixture
def demo_registers(db):
    """The whole demo, with ageo's registers and the indicators bound to them."""
    load_demo_fast(registers=True)


@pytest.fixture
def somu(demo, client):
    """A client signed in as the 福祉総務課 clerk of 上尾市."""
    assert client.login(username="somu", password=PASSWORD)
    return client


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Hash test passwords cheaply: the real hasher costs a third of a second per user."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _no_stray_connections_at_the_end(django_db_setup, django_db_blocker):
    """End other sessions on the PostgreSQL test database before it is dropped.

    A live-server request thread can still hold a connection when a browser test closes its
    page mid-request (an autosave in flight); PostgreSQL then refuses to drop the database.
    """
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


# A real Chromium (Debian's) driven by Playwright, one per test session for every folder.
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Chromium がありません: apt-get install chromium（make test が入れます）")
    # Playwright's sync API keeps an event loop on this thread; the test code's ORM calls are
    # still plain synchronous calls, so Django's async guard does not apply to them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
