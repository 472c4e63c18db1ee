from django.contrib import admin

from sasaeai.accounts.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """List and revoke (delete) API tokens; they are made with `sasaeai create-token`."""

    list_display = ["user", "label", "created_at", "last_used_at"]
    list_filter = ["user__organization"]
    search_fields = ["user__username", "label"]
    readonly_fields = ["user", "label", "created_at", "last_used_at"]
    exclude = ["digest"]

    def has_add_permission(self, request):
        # The token is shown only once, when made: only the command line can show it.
        return False

    def has_change_permission(self, request, obj=None):
        return False
