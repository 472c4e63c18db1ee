"""The admin shows the gathering places read-only: changes go through the staff pages, whose
services write the audit log in the same transaction (an admin edit would bypass it)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import GatheringPlace, Schedule


class ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ScheduleInline(ReadOnly, admin.TabularInline):  # type: ignore[type-arg]
    model = Schedule
    extra = 0


@admin.register(GatheringPlace)
class GatheringPlaceAdmin(ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "branch", "kind", "category", "published", "ended_on", "sample")
    list_filter = ("kind", "category", "published", "subsidy")
    search_fields = ("name", "organizer", "area")
    inlines = [ScheduleInline]
