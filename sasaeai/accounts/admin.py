from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Base, Department, Organization, User

admin.site.site_header = "支え合い Sasaeai 管理画面"
admin.site.site_title = "Sasaeai 管理画面"
admin.site.index_title = "管理メニュー"


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


class BaseInline(admin.StackedInline):
    model = Base
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "parent", "key"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "key"]
    inlines = [DepartmentInline, BaseInline]


@admin.register(User)
class SasaeaiUserAdmin(UserAdmin):
    list_display = ["username", "last_name", "organization", "department", "role", "is_staff"]
    list_filter = ["role", "organization", "is_staff"]
    fieldsets = (
        *UserAdmin.fieldsets,
        ("所属と役割", {"fields": ["organization", "department", "role"]}),
    )
