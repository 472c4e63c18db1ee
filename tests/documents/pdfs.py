"""PDFs made for the tests: a sample as a PDF, an image-only page, an encrypted file."""

from __future__ import annotations

import html
import os
import zlib

from sasaeai.reports.base import font_url


def text_pdf(text: str) -> bytes:
    """Return a PDF printing each line of text as a line of its own, in IPAex Gothic."""
    import weasyprint

    lines = "".join(f"<p>{html.escape(line) or '&#160;'}</p>" for line in text.split("\n"))
    page = (
        "<html><head><style>"
        f"@font-face {{font-family: ipa; src: url('{font_url()}');}}"
        "body {font-family: ipa; font-size: 9pt} p {margin: 0; white-space: pre}"
        f"</style></head><body>{lines}</body></html>"
    )
    pdf: bytes = weasyprint.HTML(string=page).write_pdf()
    return pdf


def image_only_pdf() -> bytes:
    """Return a PDF whose only page holds a drawn rectangle and no text at all."""
    import weasyprint

    page = "<div style='width: 80mm; height: 40mm; background: #c33; border: 2px solid #000'></div>"
    pdf: bytes = weasyprint.HTML(string=page).write_pdf()
    return pdf


def encrypted_pdf() -> bytes:
    """Return a one-page PDF protected by a user password (Standard security handler, RC4 40).

    Written by hand: neither pypdf nor qpdf is installed, and the reader only needs to see a
    protected file it cannot open with the empty password.
    """
    content = zlib.compress(b"BT /F1 12 Tf 72 720 Td (secret) Tj ET")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content)
        + content
        + b"\nendstream",
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -44 >>"
        % (os.urandom(32).hex().encode(), os.urandom(32).hex().encode()),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    file_id = os.urandom(16).hex().encode()
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 5 0 R /ID [<%s> <%s>] >>\n" % (
        len(objects) + 1,
        file_id,
        file_id,
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
