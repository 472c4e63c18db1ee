"""The gathering-place form: the place's fields, and its schedules typed as phrases."""

from typing import Any

from django import forms

from sasaeai.accounts.models import Organization
from sasaeai.registers.models import Neighbourhood

from . import schedule as words
from .models import GatheringPlace
from .services import FIELDS, check, schedule_words

SCHEDULE_HELP = (
    "1行に1つ。例：毎月第2・第4火曜 10:00-12:00／毎週水曜 13:30-15:30／隔週月曜／"
    "毎月最終金曜 10:00から（祝日は休み）"
)


class PlaceForm(forms.ModelForm):  # type: ignore[type-arg]
    """A place as a clerk enters it; `branches` are the ones the user may edit."""

    schedules = forms.CharField(
        label="開催日程",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=SCHEDULE_HELP,
    )

    class Meta:
        model = GatheringPlace
        fields = list(FIELDS)
        widgets = {
            "started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ended_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "latitude": forms.NumberInput(attrs={"step": "0.000001"}),
            "longitude": forms.NumberInput(attrs={"step": "0.000001"}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "ended_on": "活動をやめたら終了日を入れます（記録は消さずに残ります）。",
            "subsidy_year": "年度の西暦（例：2025 = 令和7年度）。",
            "published": "公開ページと HSDS に載せることに運営者が同意している。",
        }

    def __init__(self, *args: Any, branches: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches
        if not self.instance.pk and len(branches) == 1:  # a branch's own staff: no choice to make
            self.initial.setdefault("branch", branches[0].pk)
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.filter(
            branch__in=branches
        ).select_related("branch")
        self.fields["neighbourhood"].label_from_instance = lambda n: f"{n.branch.name} {n.name}"
        if self.instance.pk and not self.is_bound:
            self.initial["schedules"] = "\n".join(
                schedule_words(row) for row in self.instance.schedules.all()
            )
        self.rules: list[words.Rule] = []

    def clean_schedules(self) -> str:
        """Read each line as a schedule phrase; name the line that cannot be read."""
        text: str = self.cleaned_data.get("schedules", "")
        errors, rules = [], []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                rules.append(words.parse(line))
            except words.ScheduleError as error:
                errors.append(f"{number}行目「{line.strip()}」：{error}")
        if errors:
            raise forms.ValidationError(errors)
        self.rules = rules
        return text

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        for field, message in check(cleaned).items():
            if field not in self.errors:
                self.add_error(field, message)
        return cleaned

    def values(self) -> dict[str, Any]:
        """Return the cleaned values of the place's own fields."""
        return {name: self.cleaned_data[name] for name in FIELDS}


def branch_choices(ids: frozenset[int]) -> Any:
    """Return the organizations a user may put a place under, in their usual order."""
    return Organization.objects.filter(pk__in=ids).order_by("order", "id")
