from django.contrib import admin

from .models import Cycle, Entry


class EntryInline(admin.StackedInline):
    model = Entry
    extra = 0
    raw_id_fields = ["node"]


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "fiscal_year", "status", "confirmed_by"]
    list_filter = ["plan", "status"]
    inlines = [EntryInline]
