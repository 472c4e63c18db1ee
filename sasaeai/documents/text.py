"""Small text helpers for PDF-extracted Japanese: joining broken lines, telling lines apart."""

from __future__ import annotations

import re

from sasaeai.lib.numtext import to_halfwidth

__all__ = [
    "BULLETS",
    "is_blank",
    "join_lines",
    "looks_like_department",
    "squash",
    "tidy",
    "to_halfwidth",
]

BULLETS = "・◇○◆●■□◎▶►※"
_SPACE = re.compile(r"\s+")
# A space next to an ASCII letter or digit on one side and Japanese on the other is PDF noise
# (平成 30 年, NPO 法人); between two Japanese words it may be printed (学んで 気付いて).
_NOISE_SPACE = re.compile(
    r"(?<=[0-9A-Za-z.,%])\s+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s+(?=[0-9A-Za-z])"
)
_PAGE_REF = re.compile(r"(\s*)(p\.\s*\d+(?:[〜～\-]\d*)?)(\s*)")
_BULLET_SPACE = re.compile(rf"^([{BULLETS}])\s+")

DEPARTMENT_ENDINGS = (
    "課",
    "室",
    "係",
    "センター",
    "協議会",
    "事務所",
    "支所",
    "局",
    "部",
    "館",
    "委員会",
    "担当",
    "グループ",
    "本部",
    "社協",
)


def squash(text: str) -> str:
    """Return text without any whitespace."""
    return _SPACE.sub("", text)


def is_blank(line: str) -> bool:
    """Return whether the line holds nothing but whitespace."""
    return not line.strip()


def tidy(text: str) -> str:
    """Return one line of printed text with the spaces of the PDF removed where they are noise.

    Keep the space around a page reference (「p.4 参照」「詳細は p.65〜」) as printed.
    """
    text = _BULLET_SPACE.sub(r"\1", text.strip())
    parts = _PAGE_REF.split(text)
    out = []
    for n, part in enumerate(parts):
        if n % 4 == 0:
            out.append(_NOISE_SPACE.sub("", " ".join(part.split())))
        elif n % 4 == 2:
            out.append(squash(part))
        else:
            out.append(" " if part else "")
    return "".join(out).strip()


def join_lines(lines: list[str]) -> str:
    """Return the lines of one paragraph as one text (a PDF line break is not a space)."""
    joined = ""
    for line in lines:
        piece = tidy(line)
        if joined and piece and _ascii_letter(joined[-1]) and _ascii_letter(piece[0]):
            joined += " "
        joined += piece
    return joined


def _ascii_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def looks_like_department(text: str) -> bool:
    """Return whether text reads as a department or body (福祉総務課, 社会福祉協議会)."""
    text = squash(text)
    if not 2 <= len(text) <= 20 or any(ch in text for ch in "、。：:（("):
        return False
    return text.endswith(DEPARTMENT_ENDINGS) or text in ("市", "社協", "教育委員会")
