"""The template's sheets and columns, in one table that the writer, the reader and 説明 share.

Writing, reading and the instructions sheet all come from these definitions, so the headers a
clerk sees, the columns the reader looks for and the help text can never disagree.
"""

import re
from dataclasses import dataclass

from sasaeai.lib.numtext import to_halfwidth

FORMAT = "sasaeai.workbook/1"
EXAMPLE = "記入例"  # in a sheet's first column: the row is an example and is not imported
YES = "○"
MAX_ROWS = 1000  # rows of the blank template that carry input lists and the text format


@dataclass(frozen=True)
class Column:
    """One column: its header, what it holds and how a clerk fills it."""

    header: str
    field: str
    kind: str  # text, slug, year, number, value, flag, choice, names, lines
    help: str
    required: bool = False
    width: int = 14
    max_length: int | None = None
    choices: tuple[tuple[str, str], ...] = ()  # (label written in the cell, plan-file value)


@dataclass(frozen=True)
class Sheet:
    """One table sheet: header in row 1, one record per row from row 2."""

    name: str
    purpose: str
    columns: tuple[Column, ...]
    freeze: str = "B2"

    def column(self, field: str) -> Column:
        return next(c for c in self.columns if c.field == field)


PLAN_HELP = "計画シートの「計画」の識別子。空欄なら本計画（関係が本計画の行）"
NAMES_HELP = (
    "複数あるときは「、」で区切ります（名前に「、」が入るときは1行に1つ、Alt+Enter で改行）"
)
LINES_HELP = "複数あるときは1行に1つ（セル内で Alt+Enter で改行）"
YEAR_HELP = "西暦（2024）でも和暦（令和6年度、R6）でも書けます"
NUMBER_HELP = (
    "数値。「―」または空欄は値なし。小数の桁数はセルの表示形式（0.0 など）で決まります。"
    "「83.0（39/47校）」のように括弧を付けると、分子・分母・注記の列が空なら、そこに入ります"
)

KINDS = (("市", "city"), ("社協", "council"), ("支部", "branch"))
RELATIONS = (("本計画", ""), ("一部", "part"), ("前計画", "previous"))
NODE_KINDS = (("通常", "measure"), ("横断", "cross_cutting"))
DIRECTIONS = (("増加", "increase"), ("減少", "decrease"), ("維持", "maintain"))
QUALIFIERS = (("以上", "以上"), ("以下", "以下"), ("未満", "未満"), ("超", "超"))


def _plan_column() -> Column:
    return Column("計画", "plan", "slug", PLAN_HELP, width=12, max_length=63)


ORGANIZATIONS = Sheet(
    "組織",
    "計画を作る組織（市・社協・社協の支部）と、その担当課。担当や策定主体に書く名前はここから探します。"
    "データベースに既にある組織は書かなくてもかまいません",
    (
        Column(
            "組織",
            "key",
            "slug",
            "組織の識別子。半角の英小文字・数字・ハイフン（例: rei-city）",
            required=True,
            width=24,
            max_length=63,
        ),
        Column("名称", "name", "text", "正式な名称（例: 例市社会福祉協議会）", True, 28, 200),
        Column(
            "略称", "short_name", "text", "略称（例: 社会福祉協議会）", width=18, max_length=100
        ),
        Column("種別", "kind", "choice", "市・社協・支部", True, 8, choices=KINDS),
        Column("上位の組織", "parent", "text", "支部のとき、その社協の識別子または名称", width=18),
        Column(
            "担当課",
            "departments",
            "names",
            f"この組織の担当課の名称。{NAMES_HELP}",
            width=48,
            max_length=200,
        ),
    ),
)

PLANS = Sheet(
    "計画",
    "計画そのもの。1行に1計画。本計画を1行と、冊子に含まれる計画（成年後見制度利用促進基本計画など）"
    "や前計画の振り返りがあればその行",
    (
        Column(
            "計画",
            "slug",
            "slug",
            "計画の識別子。半角の英小文字・数字・ハイフン（例: rei）。画面の URL に使います",
            required=True,
            width=16,
            max_length=63,
        ),
        Column(
            "関係",
            "relation",
            "choice",
            "本計画、または本計画に含まれる計画（一部）・前計画の振り返り（前計画）",
            width=8,
            choices=RELATIONS,
        ),
        Column("計画名", "title", "text", "表紙のとおりの計画名", True, 40, 300),
        Column("副題", "subtitle", "text", "表紙の副題", width=20, max_length=300),
        Column("開始年度", "start", "year", f"計画期間の最初の年度。{YEAR_HELP}", width=10),
        Column("終了年度", "end", "year", f"計画期間の最後の年度。{YEAR_HELP}", width=10),
        Column("期間の注記", "period_note", "text", "計画期間についての注記", width=20),
        Column(
            "階層名",
            "level_names",
            "names",
            "上の階層から順に、この計画での階層の呼び方（例: 基本目標、施策）",
            required=True,
            width=28,
            max_length=50,
        ),
        Column(
            "策定主体",
            "owners",
            "names",
            f"計画を作る組織の識別子または名称（市と社協の共同なら二つ）。{NAMES_HELP}",
            width=28,
        ),
        Column("基本理念", "vision", "text", "基本理念", width=30),
        Column("説明", "description", "text", "計画についての説明（自由記述）", width=30),
        Column("出典", "source", "text", "この内容を写した資料", width=20),
    ),
)

NODES = Sheet(
    "体系",
    "施策体系。1行に1項目（基本目標・施策・取組など）。上位の項目を先の行に書きます",
    (
        _plan_column(),
        Column(
            "識別子",
            "key",
            "text",
            "項目の識別子。空欄なら上位の識別子と番号を「/」でつないだもの（例: 1/(1)）、"
            "番号がなければ名称",
            width=16,
            max_length=200,
        ),
        Column(
            "上位の識別子",
            "parent",
            "text",
            "一つ上の項目の識別子。最上位の項目では空欄",
            width=14,
            max_length=200,
        ),
        Column(
            "階層",
            "level",
            "text",
            "空欄なら計画シートの階層名のその段の名前。重点施策のように別の呼び方のときだけ書きます",
            width=12,
            max_length=50,
        ),
        Column(
            "番号", "code", "text", "冊子のとおりの番号（1、(1)、Ⅰ、①、A）", width=8, max_length=20
        ),
        Column("名称", "title", "text", "項目の名称", True, 40, 300),
        Column(
            "副題",
            "subtitle",
            "text",
            "二行目の副題（（人づくり・地域づくり）など）",
            width=20,
            max_length=300,
        ),
        Column(
            "種別",
            "kind",
            "choice",
            "空欄または通常。体系を横断する重点施策は横断",
            width=8,
            choices=NODE_KINDS,
        ),
        Column("重点", "priority", "flag", f"重点の印があれば{YES}", width=6),
        Column(
            "関連",
            "related",
            "names",
            f"横断の項目が指す項目の識別子。{NAMES_HELP}",
            width=16,
            max_length=200,
        ),
        Column(
            "再掲元",
            "relist_of",
            "text",
            "再掲の項目なら、もとの項目の識別子",
            width=12,
            max_length=200,
        ),
        Column(
            "参照ページ",
            "page_ref",
            "text",
            "冊子のページなどの参照（計画冊子 P28）",
            width=14,
            max_length=200,
        ),
        Column(
            "指標の注記", "indicator_notes", "lines", f"指標の表の下の注記。{LINES_HELP}", width=30
        ),
    ),
    freeze="C2",
)


TARGET_PARTS: tuple[tuple[str, str, str, str], ...] = (
    ("年度", "fiscal_year", "year", f"目標の年度。{YEAR_HELP}"),
    (
        "値",
        "value",
        "value",
        "目標値。数値、または増加・減少・維持（方向だけの目標）、または―（あえて設定しない）",
    ),
    ("以上以下", "qualifier", "choice", "目標値に付く「以上」「以下」「未満」「超」"),
    ("方向", "direction", "choice", "方向だけの目標のとき、増加・減少・維持"),
    ("注記", "note", "text", "目標値の注記"),
    ("設定しない理由", "not_set_reason", "text", "目標をあえて設定しない（―）ときの理由"),
    ("分子", "numerator", "number", "目標値が比率のときの分子"),
    ("分母", "denominator", "number", "目標値が比率のときの分母"),
)
TARGET_HEADER = re.compile(r"目標(\d+)(" + "|".join(p[0] for p in TARGET_PARTS) + ")")


def target_columns(slot: int) -> tuple[Column, ...]:
    """Return the columns of the slot-th target (1-based): 目標1 年度, 目標1 値 …"""
    choices = {"qualifier": QUALIFIERS, "direction": DIRECTIONS}
    return tuple(
        Column(
            f"目標{slot} {label}",
            f"targets.{slot}.{field}",
            kind,
            help,
            width=10 if field != "note" and field != "not_set_reason" else 16,
            choices=choices.get(field, ()),
        )
        for label, field, kind, help in TARGET_PARTS
    )


_INDICATOR_HEAD = (
    _plan_column(),
    Column("項目の識別子", "node", "text", "指標が属する体系の項目の識別子", True, 14, 200),
    Column(
        "指標の識別子",
        "key",
        "text",
        "指標の識別子。空欄なら「項目の識別子#何番目」（例: 1/(1)#1）",
        width=14,
        max_length=200,
    ),
    Column(
        "指標名", "name", "text", "冊子のとおりの指標名（脚注番号と出典は別の列に）", True, 40, 300
    ),
    Column("単位", "unit", "text", "人、件、％ など", width=8, max_length=50),
    Column(
        "現状値の年度",
        "baseline.fiscal_year",
        "year",
        f"現状値（現況値）の年度。{YEAR_HELP}",
        width=12,
    ),
    Column("現状値", "baseline.value", "number", f"現状値。{NUMBER_HELP}", width=12),
    Column(
        "現状値の注記",
        "baseline.note",
        "text",
        "現状値の注記（267点、新型コロナで未実施 など）",
        width=16,
    ),
)
_INDICATOR_TAIL = (
    Column("方向", "direction", "choice", "指標全体のめざす方向", width=8, choices=DIRECTIONS),
    Column(
        "担当",
        "responsible",
        "names",
        f"担当課・組織の名称。{NAMES_HELP}",
        width=24,
        max_length=200,
    ),
    Column("出典", "source_note", "text", "出典・算出の注記（市民アンケート p.24 など）", width=20),
    Column("定義", "definition", "text", "何を数えるか", width=20),
    Column("累計", "cumulative", "flag", f"累計の値なら{YES}", width=6),
    Column("調査", "survey", "flag", f"意識調査・アンケートの値なら{YES}", width=6),
    Column("分子", "numerator", "number", "現状値が比率のときの分子（39/47校 の 39）", width=8),
    Column("分母", "denominator", "number", "現状値が比率のときの分母（39/47校 の 47）", width=8),
    Column(
        "比の単位",
        "ratio_unit",
        "text",
        "分子・分母の単位（39/47校 の 校）",
        width=8,
        max_length=50,
    ),
    Column(
        "脚注番号",
        "footnotes",
        "names",
        f"指標名に付いた脚注の番号。{NAMES_HELP}",
        width=10,
        max_length=20,
    ),
    Column("注記", "notes", "lines", f"この指標についての注記。{LINES_HELP}", width=30),
)


def indicator_sheet(slots: int = 2) -> Sheet:
    """Return the 指標 sheet with `slots` target column groups."""
    targets = tuple(c for slot in range(1, slots + 1) for c in target_columns(slot))
    return Sheet(
        "指標",
        "指標。1行に1指標で、現状値と目標値（目標1、目標2 …）を書きます。"
        "目標の組が足りなければ、同じ見出しで「目標3 年度」「目標3 値」… の列を足せます",
        _INDICATOR_HEAD + targets + _INDICATOR_TAIL,
        freeze="E2",
    )


ACTUALS = Sheet(
    "実績",
    "実績値。1行に1指標の1年度。指標は指標の識別子で、または項目の識別子と指標名で指定します",
    (
        _plan_column(),
        Column(
            "項目の識別子", "node", "text", "指標が属する項目の識別子", width=14, max_length=200
        ),
        Column(
            "指標の識別子",
            "indicator",
            "text",
            "指標シートの指標の識別子",
            width=14,
            max_length=200,
        ),
        Column(
            "指標名",
            "name",
            "text",
            "指標名（識別子がないときは項目の識別子と指標名で探します）",
            width=40,
        ),
        Column("年度", "fiscal_year", "year", f"実績の年度。{YEAR_HELP}", True, 10),
        Column("実績値", "value", "number", f"実績値。{NUMBER_HELP}", width=12),
        Column("分子", "numerator", "number", "実績値が比率のときの分子", width=8),
        Column("分母", "denominator", "number", "実績値が比率のときの分母", width=8),
        Column(
            "注記",
            "note",
            "text",
            "実績値の注記（集計方法の変更、新型コロナで中止 など）",
            width=24,
        ),
        Column(
            "集計方法の変更",
            "method_changed",
            "flag",
            f"この年度から集計方法が変わったなら{YES}",
            width=8,
        ),
        Column("デモ値", "sample", "flag", f"実在しない架空の値（デモ用）なら{YES}", width=8),
    ),
    freeze="E2",
)

TABLES = (ORGANIZATIONS, PLANS, NODES, indicator_sheet(), ACTUALS)
REQUIRED_SHEETS = tuple(s.name for s in TABLES)
INSTRUCTIONS = "説明"


def normalized_header(text: object) -> str:
    """Return a header as compared: half-width, without spaces (「目標１ 年度」 = 「目標1年度」)."""
    return "".join(to_halfwidth(str(text or "")).split())
