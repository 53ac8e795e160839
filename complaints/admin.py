from django.contrib import admin

from .models import Complaint, ComplaintType, Holiday


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name_th"]
    date_hierarchy = "date"


@admin.register(ComplaintType)
class ComplaintTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "category", "sla_value", "sla_unit", "day_kind", "counted"]
    list_editable = ["name_th", "sla_value", "sla_unit", "day_kind", "counted"]


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    list_display = ["reference", "unit", "type", "status", "received_at", "due_at", "closed_at"]
    list_filter = ["status", "type"]
    search_fields = ["reference"]
    raw_id_fields = ["unit", "created_by"]
