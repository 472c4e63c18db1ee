"""`sasaeai import-document FILE`: read a plan PDF or text file into a draft plan file."""

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sasaeai.documents import DocumentError, dump_draft, read_document


class Command(BaseCommand):
    help = (
        "計画書の PDF またはテキストファイルを読み、計画ファイルの下書き（確認用の confidence・"
        "source_lines・unsure つき）を書き出します。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="計画書の PDF またはテキストファイル（UTF-8 / Shift_JIS）")
        parser.add_argument("--out", help="書き出すファイル（省略時は標準出力）")
        parser.add_argument("--format", choices=["yaml", "json"], default="yaml")

    def handle(self, *args, **options):
        try:
            draft = read_document(options["file"])
        except DocumentError as exc:
            raise CommandError(f"読み取れません: {exc} 何も書き出していません。") from exc
        text = dump_draft(draft, options["format"])
        if options["out"]:
            _write_atomically(Path(options["out"]), text)
            self.stderr.write(_summary(draft, options["out"]))
        else:
            self.stdout.ending = ""
            self.stdout.write(text)


def _write_atomically(path: Path, text: str) -> None:
    """Write text to path through a temporary file beside it, so a failure leaves nothing."""
    directory = path.parent if str(path.parent) else Path(".")
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise CommandError(f"{path} に書き出せません: {exc.strerror}") from exc


def _summary(draft, out: str) -> str:
    nodes, indicators, low = 0, 0, 0
    stack = list(draft["nodes"])
    while stack:
        node = stack.pop()
        nodes += 1
        indicators += len(node["indicators"])
        low += sum(1 for i in node["indicators"] if i["confidence"] < 0.9)
        stack.extend(node["children"])
    return (
        f"{out} に下書きを書き出しました: 項目 {nodes}、指標 {indicators}"
        f"（要確認 {low}）。確認して review の項目を消してから sasaeai import-plan で取り込めます。"
    )
