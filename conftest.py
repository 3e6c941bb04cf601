"""Fixtures shared by every test: members, logged-in clients, the browser."""

import os
import shutil

import pytest


@pytest.fixture
def user(db):
    from boucle.accounts.tests.factories import UserFactory

    return UserFactory(username="alice")


@pytest.fixture
def other_user(db):
    from boucle.accounts.tests.factories import UserFactory

    return UserFactory(username="bob")


@pytest.fixture
def client_for(client):
    """client_for(user) -> a Django test client logged in as that member."""
    from django.test import Client

    def make(member):
        c = Client()
        c.force_login(member)
        return c

    return make


@pytest.fixture
def user_client(client, user):
    client.force_login(user)
    return client


def require(component: str, available: bool, why: str):
    """Skip when a component is missing on a developer's machine; fail in CI (BOUCLE_REQUIRE_ALL=1)."""
    if available:
        return
    if os.environ.get("BOUCLE_REQUIRE_ALL"):
        pytest.fail(f"{component} is required here: {why}")
    pytest.skip(f"{component} not available: {why}")


def chromium_path() -> str | None:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    return path if path and os.path.exists(path) else None


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    require("Chromium", path is not None, "install Debian's chromium package (scripts/test does it)")
    # Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a thread with a
    # running loop unless told this is a test that knows what it does.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=path,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _ratelimit_window_is_fixed(monkeypatch):
    """django-ratelimit counts in fixed windows; a test posting eleven times must not straddle two of them."""
    import time
    from types import SimpleNamespace

    import django_ratelimit.core

    frozen = time.time()
    # Replace the module's reference to `time`, not time.time itself (that would stop every clock).
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: frozen))
