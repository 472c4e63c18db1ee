"""Forms of the volunteer centre. Each takes the user's register scope, which limits the branches
offered and whether a volunteer's contact details are fields at all."""

from django import forms
from django.utils import timezone

from sasaeai.accounts.models import Organization
from sasaeai.registers.access import RegisterScope

from .models import (
    AVAILABILITY_CHOICES,
    PERIODS,
    WEEKDAYS,
    Activity,
    Course,
    Request,
    Skill,
    Volunteer,
    VolunteerGroup,
)
from .services import CONTACT_FIELDS


class AvailabilityGrid(forms.CheckboxSelectMultiple):
    """Checkboxes laid out as weekdays × 午前/午後/夜間."""

    template_name = "volunteers/widgets/availability.html"

    def get_context(self, name, value, attrs):  # type: ignore[no-untyped-def]
        context = super().get_context(name, value, attrs)
        chosen = set(value or [])
        context["periods"] = [label for _, label in PERIODS]
        context["rows"] = [
            (
                day_label,
                [
                    (f"{day}_{period}", f"{day_label}{period_label}", f"{day}_{period}" in chosen)
                    for period, period_label in PERIODS
                ],
            )
            for day, day_label in WEEKDAYS
        ]
        return context


def _units(ids) -> forms.ModelChoiceField:  # type: ignore[no-untyped-def]
    return forms.ModelChoiceField(
        Organization.objects.filter(pk__in=ids).order_by("order", "id"), label="支部"
    )


def _areas(scope: RegisterScope):  # type: ignore[no-untyped-def]
    return Organization.objects.filter(pk__in=scope.read, kind=Organization.Kind.BRANCH).order_by(
        "order", "id"
    )


class VolunteerForm(forms.ModelForm):
    availability = forms.MultipleChoiceField(
        label="活動できる時間帯",
        choices=AVAILABILITY_CHOICES,
        required=False,
        widget=AvailabilityGrid,
    )

    class Meta:
        model = Volunteer
        fields = [
            "branch",
            "name",
            *CONTACT_FIELDS,
            "skills",
            "areas",
            "availability",
            "groups",
            "insurance_year",
            "registered_on",
            "note",
        ]
        widgets = {
            "skills": forms.CheckboxSelectMultiple,
            "areas": forms.CheckboxSelectMultiple,
            "groups": forms.CheckboxSelectMultiple,
            "registered_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, scope: RegisterScope, contacts: bool, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if contacts:
            self.fields["branch"] = _units(scope.edit & scope.contacts)
        else:
            self.fields["branch"] = _units(scope.edit)
            for name in CONTACT_FIELDS:
                del self.fields[name]
        self.fields["areas"].queryset = _areas(scope)
        self.fields["groups"].queryset = VolunteerGroup.objects.filter(branch__in=scope.edit)
        self.fields["insurance_year"].help_text = "西暦の年度（例：2025）。"

    def clean_insurance_year(self):  # type: ignore[no-untyped-def]
        year = self.cleaned_data.get("insurance_year")
        if year is not None and not 1990 <= year <= timezone.localdate().year + 1:
            raise forms.ValidationError(
                "保険の加入年度は西暦の年度で入力してください（例：2025）。"
            )
        return year


class GroupForm(forms.ModelForm):
    class Meta:
        model = VolunteerGroup
        fields = [
            "branch",
            "name",
            "activity",
            "members",
            "representative",
            "phone",
            "email",
            "registered_on",
            "ended_on",
            "note",
        ]
        widgets = {
            "registered_on": forms.DateInput(attrs={"type": "date"}),
            "ended_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, scope: RegisterScope, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["branch"] = _units(scope.edit)


class DateTimeLocal(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


class RequestForm(forms.ModelForm):
    class Meta:
        model = Request
        fields = [
            "branch",
            "requester",
            "requester_kind",
            "what",
            "skills",
            "place",
            "area",
            "starts_at",
            "ends_at",
            "people_needed",
            "status",
            "note",
        ]
        widgets = {
            "skills": forms.CheckboxSelectMultiple,
            "starts_at": DateTimeLocal(),
            "ends_at": DateTimeLocal(),
            "what": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, scope: RegisterScope, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["branch"] = _units(scope.edit)
        self.fields["area"].queryset = _areas(scope)
        self.fields["skills"].queryset = Skill.objects.all()

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "終了日時は開始日時より後にしてください。")
        if data.get("people_needed") == 0:
            self.add_error("people_needed", "必要な人数は1人以上にしてください。")
        return data


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "branch",
            "date",
            "volunteer",
            "group",
            "request",
            "description",
            "hours",
            "people",
        ]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, scope: RegisterScope, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["branch"] = _units(scope.edit)
        self.fields["volunteer"].queryset = Volunteer.objects.filter(branch__in=scope.edit)
        self.fields["group"].queryset = VolunteerGroup.objects.filter(branch__in=scope.edit)
        self.fields["request"].queryset = Request.objects.filter(branch__in=scope.edit)

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if not data.get("volunteer") and not data.get("group"):
            self.add_error("volunteer", "ボランティアかグループのどちらかを選んでください。")
        if data.get("hours") is not None and data["hours"] < 0:
            self.add_error("hours", "時間は0以上にしてください。")
        if data.get("people") == 0:
            self.add_error("people", "参加人数は1人以上にしてください。")
        return data


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = ["branch", "title", "kind", "held_on", "venue", "capacity", "note"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, scope: RegisterScope, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["branch"] = _units(scope.edit)


class AttendanceForm(forms.Form):
    volunteer = forms.ModelChoiceField(
        Volunteer.objects.none(), label="登録ボランティア", required=False
    )
    name = forms.CharField(label="氏名（登録ボランティア以外）", max_length=100, required=False)
    completed = forms.BooleanField(label="修了", required=False, initial=True)

    def __init__(self, *args, scope: RegisterScope, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].queryset = Volunteer.objects.filter(branch__in=scope.edit)

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        has_name = bool((data.get("name") or "").strip())
        if bool(data.get("volunteer")) == has_name:
            self.add_error(
                "name", "登録ボランティアを選ぶか、氏名を入力してください（どちらか一方）。"
            )
        return data


class VolunteerFilter(forms.Form):
    """The filters of the volunteer list; every field is optional."""

    q = forms.CharField(label="氏名・ふりがな", required=False)
    branch = forms.ModelChoiceField(Organization.objects.none(), label="支部", required=False)
    skill = forms.ModelChoiceField(Skill.objects.all(), label="できること", required=False)
    area = forms.ModelChoiceField(Organization.objects.none(), label="活動地区", required=False)
    slot = forms.ChoiceField(
        label="時間帯", choices=[("", "---------"), *AVAILABILITY_CHOICES], required=False
    )
    insurance = forms.ChoiceField(
        label="保険",
        choices=[("", "---------"), ("current", "今年度加入"), ("expired", "未加入・期限切れ")],
        required=False,
    )
    state = forms.ChoiceField(
        label="登録",
        choices=[("active", "登録中"), ("ended", "登録終了"), ("all", "すべて")],
        required=False,
    )

    def __init__(self, *args, scope: RegisterScope, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        units = Organization.objects.filter(pk__in=scope.personal).order_by("order", "id")
        self.fields["branch"].queryset = units
        self.fields["area"].queryset = _areas(scope)
