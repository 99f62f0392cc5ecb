from django.contrib import admin

from .models import Booking, Room, RoomAvailability, Venue


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


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    """Read-only: every change to a booking is an audited action, never an admin edit."""

    list_display = ["title", "room", "starts_at", "ends_at", "blocked_until", "status", "process"]
    list_filter = ["status", "room__venue", "process"]
    date_hierarchy = "starts_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
