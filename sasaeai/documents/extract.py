"""Read a plan document (PDF or text file) into lines of text, refusing what is not one.

The line numbers of the result are the ones every draft item cites in `source_lines`, so the
lines are kept as extracted: only code points that PDFs use for ordinary ideographs (Kangxi
radicals ⽣, the radicals supplement ⺠) are mapped to the ideograph the page shows. Full-width
digits and letters stay as printed here; values are made half-width where they are read.
"""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

__all__ = ["DocumentError", "extract", "extract_bytes", "printed"]

# Beyond what NFKC does for the Kangxi radicals: the CJK radicals supplement (NFKC leaves it)
# and ⼾ (NFKC gives 戶 U+6236 where the page prints 戸 U+6238).
_RADICALS = {"⺠": "民", "⻑": "長", "⼾": "戸", "⻘": "青", "⻝": "食", "⻄": "西", "⻤": "鬼"}
_RADICAL_TABLE = {
    **{code: unicodedata.normalize("NFKC", chr(code)) for code in range(0x2F00, 0x2FD6)},
    **{ord(k): v for k, v in _RADICALS.items()},
}
_TEXT_CONTROLS = set("\t\n\r\f\v")
# Share of characters that no plan prints (controls, private use, unassigned, U+FFFD) above
# which a decoded file is taken for binary data rather than text.
_JUNK_SHARE = 0.02


class DocumentError(Exception):
    """The document cannot be read; the message says why in one Japanese sentence."""


def printed(text: str) -> str:
    """Return text with radical code points replaced by the ideographs the page shows."""
    return text.translate(_RADICAL_TABLE)


def extract(path: str | Path) -> list[str]:
    """Return the lines of the document at path (PDF or text); raise DocumentError."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise DocumentError(f"{path.name}: ファイルを開けません（{reason}）。") from exc
    return extract_bytes(data, path.name)


def extract_bytes(data: bytes, name: str = "document") -> list[str]:
    """Return the lines of a document given as bytes; name is only for messages."""
    if not data.strip():
        raise DocumentError(f"{name}: ファイルが空です。")
    text = _pdf_text(data, name) if b"%PDF-" in data[:1024] else _decode(data, name)
    lines = [printed(line.rstrip("\r")) for line in text.split("\n")]
    if not any(line.strip() for line in lines):
        raise DocumentError(f"{name}: 文字がありません（空白だけのファイルです）。")
    return lines


def _pdf_text(data: bytes, name: str) -> str:
    """Return the text of every page, pages joined by a line break."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [page.extract_text() or "" for page in pdf.pages]
    except Exception as exc:  # pdfminer raises many kinds for a damaged file; pdfplumber wraps
        if any(isinstance(c, PDFPasswordIncorrect | PDFEncryptionError) for c in (exc, *exc.args)):
            raise DocumentError(
                f"{name}: パスワードで保護された（暗号化された）PDF は読めません。"
                "保護を解除してから取り込んでください。"
            ) from exc
        raise DocumentError(
            f"{name}: PDF として読めません（壊れているか PDF ではありません）。"
        ) from exc
    if not any(page.strip() for page in pages):
        raise DocumentError(
            f"{name}: PDF に文字がありません（画像だけの PDF です）。"
            "文字認識（OCR）をしてから取り込んでください。"
        )
    return "\n".join(pages)


def _decode(data: bytes, name: str) -> str:
    """Return the text of a UTF-8 (with or without BOM) or CP932 (Shift_JIS) file."""
    if b"\x00" in data:
        raise DocumentError(f"{name}: 文字のファイルではありません（バイナリデータです）。")
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    raise DocumentError(
        f"{name}: 文字コードを判別できません（UTF-8 でも Shift_JIS でもないか、"
        "バイナリデータです）。"
    )


def _looks_like_text(text: str) -> bool:
    """Return whether text is mostly characters a plan prints (not binary decoded by luck)."""
    junk = sum(1 for ch in text if _is_junk(ch))
    return junk <= _JUNK_SHARE * len(text)


def _is_junk(ch: str) -> bool:
    if ch in _TEXT_CONTROLS:
        return False
    return unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs") or ch == "\ufffd"
