"""Only the list of skills is kept in the admin: every other row of the volunteer centre changes
through services.py, so that it is audited and a volunteer's contact details stay in scope."""

from django.contrib import admin

from .models import Skill


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
