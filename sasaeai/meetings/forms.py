"""Forms of the community-meeting register: the meeting, and its issues as an inline list."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sasaeai.accounts.models import Organization
from sasaeai.plans.models import Node
from sasaeai.registers.models import Neighbourhood

from .services import IssueInput

EXTRA_ISSUES = 3


class MeetingForm(forms.Form):
    """A meeting of a branch the user may edit, in one of that branch's neighbourhoods."""

    branch = forms.ModelChoiceField(queryset=Organization.objects.none(), label=_("支部"))
    neighbourhood = forms.ModelChoiceField(
        queryset=Neighbourhood.objects.none(),
        label=_("自治会・町内会"),
        required=False,
        help_text=_("支部全体の懇談会なら空欄。選んだ支部の自治会・町内会に限ります。"),
    )
    held_on = forms.DateField(label=_("開催日"), widget=forms.DateInput(attrs={"type": "date"}))
    theme = forms.CharField(label=_("テーマ"), max_length=300)
    venue = forms.CharField(label=_("会場"), max_length=200, required=False)
    participants = forms.IntegerField(label=_("参加人数"), min_value=0, initial=0)
    note = forms.CharField(
        label=_("記録"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args: Any, branches: frozenset[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = Organization.objects.filter(pk__in=branches).order_by("order", "id")
        self.fields["branch"].queryset = units  # type: ignore[attr-defined]
        hoods = Neighbourhood.objects.filter(branch__in=branches).select_related("branch")
        self.fields["neighbourhood"].queryset = hoods  # type: ignore[attr-defined]
        self.fields["neighbourhood"].label_from_instance = _neighbourhood_label  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        branch, hood = data.get("branch"), data.get("neighbourhood")
        if branch is not None and hood is not None and hood.branch_id != branch.pk:
            self.add_error(
                "neighbourhood",
                _("「%(hood)s」は%(branch)sの自治会・町内会ではありません。")
                % {"hood": hood.name, "branch": branch.name},
            )
        return data


def _neighbourhood_label(hood: Neighbourhood) -> str:
    return f"{hood.branch.short_name or hood.branch.name}：{hood.name}"


class IssueForm(forms.Form):
    """One issue raised in a meeting; a row left empty is dropped."""

    text = forms.CharField(
        label=_("出された課題"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    node = forms.TypedChoiceField(
        label=_("関係する施策"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, node_choices: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["node"].choices = [("", _("（未設定）")), *node_choices]  # type: ignore[attr-defined]


IssueFormSet = forms.formset_factory(IssueForm, extra=EXTRA_ISSUES)


def node_choices(nodes: list[Node]) -> list[tuple[str, list[tuple[int, str]]]]:
    """Return the nodes as choices grouped by plan, each plan in tree order."""
    by_plan: dict[int, list[Node]] = {}
    for node in nodes:
        by_plan.setdefault(node.plan_id, []).append(node)
    return [(group[0].plan.title, _tree_order(group)) for group in by_plan.values()]


def _tree_order(nodes: list[Node]) -> list[tuple[int, str]]:
    children: dict[int | None, list[Node]] = {}
    for node in sorted(nodes, key=lambda n: (n.order, n.pk)):
        children.setdefault(node.parent_id, []).append(node)
    known = {n.pk for n in nodes}
    out: list[tuple[int, str]] = []

    def walk(parent: int | None) -> None:
        for node in children.get(parent, []):
            label = f"{node.code} {node.title}".strip()
            out.append((node.pk, "\u3000" * node.depth + label))
            walk(node.pk)

    for root in [None, *(p for p in children if p is not None and p not in known)]:
        walk(root)
    return out


def issue_inputs(formset: Any, nodes: dict[int, Node]) -> list[IssueInput]:
    """Return the issues a valid formset holds, with their nodes resolved."""
    return [
        IssueInput(text=f.cleaned_data["text"], node=nodes.get(f.cleaned_data.get("node") or 0))
        for f in formset.forms
        if f.cleaned_data.get("text", "").strip()
    ]
