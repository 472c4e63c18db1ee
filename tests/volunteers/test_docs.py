"""docs/volunteers.md kept true to the code."""

from pathlib import Path

from sasaeai.volunteers import services, urls

DOC = Path(__file__).resolve().parents[2] / "docs" / "volunteers.md"


def test_every_page_is_documented():
    text = DOC.read_text(encoding="utf-8")
    for pattern in urls.urlpatterns:
        assert f"`volunteers:{pattern.name}`" in text, pattern.name


def test_the_contact_fields_the_audit_leaves_out_are_the_documented_ones():
    text = DOC.read_text(encoding="utf-8")
    for name in services.CONTACT_FIELDS:
        assert f"`{name}`" in text, name
