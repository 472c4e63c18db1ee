"""The municipality a draft names: from the plan's title first, whatever its script."""

import pytest

from sasaeai.documents.draft import _city_in_title


@pytest.mark.parametrize(
    ("title", "city"),
    [
        ("第２次みどり市地域福祉計画", "みどり市"),
        ("第3次上尾市地域福祉計画・第6次上尾市地域福祉活動計画", "上尾市"),
        ("つくば市地域福祉計画", "つくば市"),
        ("第４期かわせみ町地域福祉活動計画", "かわせみ町"),
        ("第３章 施策の展開", None),
        ("市町村地域福祉計画の手引き", None),
    ],
)
def test_the_title_names_the_city(title, city):
    assert _city_in_title(title) == city
