"""The .csv and .json siblings of the public indicator tables: the same values as the page."""

import csv
import io

from sasaeai.plans.models import Indicator


def _sample_indicator() -> Indicator:
    return Indicator.objects.filter(actuals__sample=True, node__plan__slug="tokorozawa").first()


def test_the_csv_is_utf8_with_a_bom_and_has_the_pages_values(demo, client):
    indicator = _sample_indicator()
    response = client.get(f"/public/tokorozawa/indicators/{indicator.pk}.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, row = rows[0], rows[1]
    assert header[:4] == ["指標名", "単位", "現状値の年度", "現状値"]
    assert row[0] == indicator.name
    assert any("（架空のデモ値）" in cell for cell in row)
    grade = row[header.index(next(h for h in header if h.startswith("評価 ")))]
    assert "（" in grade


def test_the_node_csv_has_a_row_per_indicator(demo, client):
    indicator = _sample_indicator()
    response = client.get(f"/public/tokorozawa/nodes/{indicator.node_id}/indicators.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) - 1 == indicator.node.indicators.count()


def test_the_json_marks_sample_values(demo, client):
    indicator = _sample_indicator()
    data = client.get(f"/public/tokorozawa/indicators/{indicator.pk}.json").json()
    (record,) = data["indicators"]
    assert record["name"] == indicator.name
    assert any(a["sample"] for a in record["actuals"])
    assert record["grade_label"].startswith(record["grade"])
    assert data["plan"]["slug"] == "tokorozawa"


def test_a_node_without_indicators_has_no_data_sibling(demo, client):
    from sasaeai.plans.models import Node

    node = Node.objects.filter(plan__slug="shimotsuke", indicators__isnull=True).first()
    assert client.get(f"/public/shimotsuke/nodes/{node.pk}/indicators.json").status_code == 404
