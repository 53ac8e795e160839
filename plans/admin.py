from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Activity, Objective, Perspective, Plan, Target, Unit, UnitGroup, User, Workplan


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "kind", "office_class", "parent", "region", "is_active"]
    list_filter = ["kind", "office_class", "is_active", "region"]
    search_fields = ["code", "name_th", "name_en"]
    raw_id_fields = ["parent", "region"]


@admin.register(UnitGroup)
class UnitGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "region"]
    filter_horizontal = ["units"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "unit", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    raw_id_fields = ["unit"]
    fieldsets = [*BaseUserAdmin.fieldsets, ("kpiplan", {"fields": ["unit", "role", "position"]})]


class TargetInline(admin.StackedInline):
    model = Target
    extra = 0
    filter_horizontal = ["assigned_units", "assigned_groups"]
    raw_id_fields = ["lineage", "consolidating_unit"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["number", "title_th", "workplan"]
    list_filter = ["workplan__objective__perspective__plan"]
    search_fields = ["number", "title_th"]
    inlines = [TargetInline]
    filter_horizontal = ["lead_units", "lead_groups", "supporting_units"]
    raw_id_fields = ["parent", "lineage"]


admin.site.register([Plan, Perspective, Objective, Workplan])
