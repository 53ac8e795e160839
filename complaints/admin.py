from django.contrib import admin

from .models import Complaint, ComplaintType, Holiday
from .services import SLA_FIELDS, complaint_standing_fix, complaint_standings_refresh


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    """Working-day SLAs skip holidays: any change to the calendar re-fixes the complaints' standings."""

    list_display = ["date", "name_th"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change or "date" in form.changed_data:
            complaint_standings_refresh(holidays_changed=True)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        complaint_standings_refresh(holidays_changed=True)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        complaint_standings_refresh(holidays_changed=True)


@admin.register(ComplaintType)
class ComplaintTypeAdmin(admin.ModelAdmin):
    """A changed SLA re-fixes the due dates and standings of the type's complaints."""

    list_display = ["code", "name_th", "category", "sla_value", "sla_unit", "day_kind", "counted"]
    list_editable = ["name_th", "sla_value", "sla_unit", "day_kind", "counted"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and set(SLA_FIELDS) & set(form.changed_data):
            complaint_standings_refresh(types=[obj])


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    list_display = ["reference", "unit", "type", "status", "received_at", "due_at", "closed_at"]
    list_filter = ["status", "type"]
    search_fields = ["reference"]
    raw_id_fields = ["unit", "created_by"]

    def save_model(self, request, obj, form, change):
        complaint_standing_fix(obj)  # an edit here passes the service: fix what the KPIs count from it
        super().save_model(request, obj, form, change)
