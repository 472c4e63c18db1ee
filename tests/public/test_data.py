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


def test_the_progress_and_branches_pages_have_csv_and_json_siblings(demo, client):
    import csv as csv_module
    import io as io_module
    import json as json_module

    page = client.get("/public/shimotsuke/progress/").content.decode()
    assert "/public/shimotsuke/progress.csv" in page and "/public/shimotsuke/progress.json" in page
    content = client.get("/public/shimotsuke/progress.csv").content
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv_module.reader(io_module.StringIO(content.decode("utf-8-sig"))))
    assert any("ふれあい交流の促進" in cell for row in rows for cell in row)
    cycles = json_module.loads(client.get("/public/shimotsuke/progress.json").content)["cycles"]
    assert len(cycles) == 1 and len(cycles[0]["entries"]) == 28
    # The open ageo FY2023 cycle has no confirmed entry: none of its texts is open data.
    assert "【架空のデモ記述】" not in client.get("/public/ageo/progress.csv").content.decode(
        "utf-8"
    )

    branches = client.get("/public/branches/").content.decode()
    assert "/public/branches.csv" in branches
    content = client.get("/public/branches.csv").content
    rows = list(csv_module.reader(io_module.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == ["社会福祉協議会", "支部", "拠点", "住所", "電話番号", "開所時間"]
    assert len(rows) - 1 == len(
        json_module.loads(client.get("/public/branches.json").content)["bases"]
    )
    assert len(rows) > 13
