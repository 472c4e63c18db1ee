"""Shared fixtures: the demo loaded into the test database, and named personas."""

import pytest

from sasaeai.demo.services import PASSWORD, load_demo


@pytest.fixture
def demo(db):
    """Load the three demo plans, their sample values and the demo users."""
    load_demo()


@pytest.fixture
def somu(demo, client):
    """A client signed in as the 福祉総務課 clerk of 上尾市."""
    assert client.login(username="somu", password=PASSWORD)
    return client


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Hash test passwords cheaply: the real hasher costs a third of a second per user."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
