from django.contrib import admin

from .models import Activity, KeyAccount, SegmentTarget, VisitPlan


@admin.register(KeyAccount)
class KeyAccountAdmin(admin.ModelAdmin):
    list_display = ["customer_number", "name", "segment", "office", "kamr", "active_from", "active_to"]
    list_filter = ["segment"]
    search_fields = ["customer_number", "name"]
    raw_id_fields = ["office", "kamr"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["kind", "exec_level", "date", "account", "office", "logged_at"]
    list_filter = ["kind", "exec_level"]
    raw_id_fields = ["account", "office", "logged_by"]


admin.site.register([VisitPlan, SegmentTarget])
