"""Admin for logistics only. Agenda items, links and positions are substance: never here."""

from django.contrib import admin

from .models import Delegation, Meeting, Member, Party, Track


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]


class MemberInline(admin.TabularInline):
    model = Member
    extra = 0
    fields = ["name", "position", "level", "languages", "email", "phone", "user"]


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ["party", "process"]
    inlines = [MemberInline]


@admin.register(Track)
class TrackAdmin(admin.ModelAdmin):
    list_display = ["name", "process"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "process", "level", "kind", "status", "size", "duration_minutes"]
    list_filter = ["process", "level", "kind", "status"]
    filter_horizontal = ["parties", "participants"]
