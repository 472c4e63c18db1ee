"""Reading files: encodings, PDFs, and every kind of bad input refused with one clear message."""

from __future__ import annotations

from pathlib import Path

import pytest

from sasaeai.documents import DocumentError, extract, read_document, strip_review
from sasaeai.documents.extract import extract_bytes
from tests.documents.helpers import SAMPLES, indicators, walk
from tests.documents.pdfs import encrypted_pdf, image_only_pdf, text_pdf


def test_utf8_with_a_bom_and_crlf() -> None:
    lines = extract_bytes("\ufeff基本目標１：テスト\r\n二行目\r\n".encode(), "a.txt")
    assert lines[:2] == ["基本目標１：テスト", "二行目"]


def test_shift_jis_is_detected() -> None:
    assert extract_bytes("指標名 単位\n".encode("cp932"), "a.txt")[0] == "指標名 単位"


def test_radicals_become_the_ideographs_the_page_shows() -> None:
    # U+2EBA, U+2F63 and U+2F3E as PDFs extract 民, 生 and 戸.
    assert extract_bytes("住⺠同⼠ 共⽣ ⼾別".encode(), "a.txt")[0] == "住民同士 共生 戸別"


def test_full_width_digits_stay_as_printed_in_the_lines() -> None:
    assert extract_bytes("令和２年度 ３，２３２件".encode(), "a.txt") == ["令和２年度 ３，２３２件"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "ファイルが空です"),
        (b"  \n\t\n", "ファイルが空です"),
        ("\u3000\n".encode(), "空白だけ"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "バイナリデータ"),
        (bytes(range(1, 32)) * 20, "文字コードを判別できません"),
        (b"\xff\xfe\xfd\x80\x81", "文字コードを判別できません"),
        (b"%PDF-1.7\nthis is not really a pdf", "PDF として読めません"),
    ],
    ids=["empty", "whitespace", "ideographic-space", "png", "controls", "undecodable", "bad-pdf"],
)
def test_bad_input_is_refused_with_one_message(data: bytes, message: str) -> None:
    with pytest.raises(DocumentError) as raised:
        extract_bytes(data, "bad.bin")
    assert message in str(raised.value)
    assert str(raised.value).startswith("bad.bin: ")
    assert "\n" not in str(raised.value)


def test_a_missing_file() -> None:
    with pytest.raises(DocumentError, match=r"nothing\.pdf: ファイルを開けません"):
        extract("/nonexistent/nothing.pdf")


def test_text_without_a_plan_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_text("拝啓　時下ますますご清栄のこととお喜び申し上げます。\n", encoding="utf-8")
    with pytest.raises(DocumentError, match=r"見出し.*指標の表も見つかりません"):
        read_document(path)


def test_an_image_only_pdf_is_refused() -> None:
    with pytest.raises(DocumentError, match="画像だけの PDF"):
        extract_bytes(image_only_pdf(), "scan.pdf")


def test_an_encrypted_pdf_is_refused() -> None:
    with pytest.raises(DocumentError, match="暗号化された"):
        extract_bytes(encrypted_pdf(), "secret.pdf")


def _without_lines(value: object) -> object:
    """Return the draft without source_lines (the PDF's lines are not the text file's)."""
    if isinstance(value, dict):
        return {k: _without_lines(v) for k, v in value.items() if k not in ("source_lines", "slug")}
    if isinstance(value, list):
        return [_without_lines(v) for v in value]
    return value


def test_a_pdf_gives_the_same_draft_as_its_text(tmp_path: Path) -> None:
    text = (SAMPLES / "glued_units.txt").read_text(encoding="utf-8")
    pdf = tmp_path / "glued_units.pdf"
    pdf.write_bytes(text_pdf(text))
    from_pdf = read_document(pdf)
    from_text = read_document(SAMPLES / "glued_units.txt")
    assert len(indicators(from_pdf["nodes"])) == 6
    strip = {"organizations", "owners", "source"}
    assert {k: v for k, v in _without_lines(strip_review(from_pdf)).items() if k not in strip} == {
        k: v for k, v in _without_lines(strip_review(from_text)).items() if k not in strip
    }
    for _, node in walk(from_pdf["nodes"]):
        assert all(i["source_lines"][0] >= 1 for i in node["indicators"])
