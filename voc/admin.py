from django.contrib import admin

from .models import CallBack, Channel, Mechanism, SurveyResponse, Topic, VocRecord


class MechanismInline(admin.TabularInline):
    model = Mechanism
    extra = 0


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "order"]
    inlines = [MechanismInline]


admin.site.register(Topic)


@admin.register(VocRecord)
class VocRecordAdmin(admin.ModelAdmin):
    list_display = ["reference", "date", "unit", "channel", "category", "significant", "resolved"]
    list_filter = ["channel", "category", "significant", "resolved"]
    raw_id_fields = ["unit", "created_by"]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    list_display = ["external_id", "method", "job_type", "unit", "quota_unit", "date", "score"]
    list_filter = ["method", "job_type"]
    raw_id_fields = ["unit", "quota_unit"]


admin.site.register(CallBack)
