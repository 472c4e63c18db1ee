from django.contrib import admin

from .models import (
    Action,
    ActionAssignment,
    Actual,
    Footnote,
    GlossaryTerm,
    Indicator,
    IndicatorAssignment,
    Message,
    Narrative,
    Node,
    Plan,
    PlanOwner,
    Target,
)


class PlanOwnerInline(admin.TabularInline):
    model = PlanOwner
    extra = 0


class GlossaryInline(admin.TabularInline):
    model = GlossaryTerm
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "period_start", "period_end", "parent"]
    search_fields = ["title", "slug"]
    inlines = [PlanOwnerInline, GlossaryInline]


class NarrativeInline(admin.StackedInline):
    model = Narrative
    extra = 0


class MessageInline(admin.StackedInline):
    model = Message
    extra = 0


class FootnoteInline(admin.TabularInline):
    model = Footnote
    extra = 0


class ActionInline(admin.TabularInline):
    model = Action
    fk_name = "node"
    fields = ["order", "actor", "title", "priority"]
    extra = 0
    show_change_link = True


@admin.register(Node)
class NodeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "key", "priority"]
    list_filter = ["plan", "priority", "kind"]
    search_fields = ["title", "key"]
    raw_id_fields = ["parent", "relist_of"]
    filter_horizontal = ["related"]
    inlines = [NarrativeInline, ActionInline, MessageInline, FootnoteInline]


class ActionAssignmentInline(admin.TabularInline):
    model = ActionAssignment
    extra = 0


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["title", "actor", "node", "priority"]
    list_filter = ["node__plan", "actor", "priority"]
    search_fields = ["title", "content"]
    raw_id_fields = ["node", "relist_of"]
    inlines = [ActionAssignmentInline]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


class ActualInline(admin.TabularInline):
    model = Actual
    extra = 0


class IndicatorAssignmentInline(admin.TabularInline):
    model = IndicatorAssignment
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "baseline_year", "baseline_value", "node"]
    list_filter = ["node__plan", "cumulative", "survey"]
    search_fields = ["name", "key"]
    raw_id_fields = ["node"]
    inlines = [TargetInline, ActualInline, IndicatorAssignmentInline]
