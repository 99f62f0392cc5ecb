from django.contrib import admin

from .models import Room, RoomAvailability, Venue


class RoomAvailabilityInline(admin.TabularInline):
    model = RoomAvailability
    extra = 0


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "time_zone"]


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "venue", "kind", "capacity", "zone", "turnover_minutes"]
    list_filter = ["venue", "kind", "zone"]
    inlines = [RoomAvailabilityInline]
