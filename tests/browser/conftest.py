"""The browser fixtures (`browser`, `page`) live in tests/conftest.py: one Chromium per session,
shared by every folder's browser tests."""
