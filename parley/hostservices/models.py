"""The host's service catalogue and the delegations' requests for it.

A request moves requested → accepted → scheduled → delivered, or is declined with a reason; the
database refuses any row whose fields contradict its status, the actions refuse any other move.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ServiceKind(models.TextChoices):
    ACCOMMODATION = "accommodation", _("Accommodation")
    GROUND_TRANSPORT = "ground_transport", _("Ground transport")
    INTERPRETATION = "interpretation", _("Interpretation")
    SECURITY_ESCORT = "security_escort", _("Security escort")
    MEDICAL = "medical", _("Medical")
    MEDIA = "media", _("Media and press")
    CATERING = "catering", _("Catering")
    SECURE_COMMUNICATIONS = "secure_communications", _("Secure communications")
    PROTOCOL = "protocol", _("Protocol")


# What the host offers under each kind: the catalogue every delegation reads before it asks.
CATALOGUE = {
    ServiceKind.ACCOMMODATION: _("Hotel rooms for the delegation, near the venue."),
    ServiceKind.GROUND_TRANSPORT: _("Cars and drivers between airport, hotel and venue."),
    ServiceKind.INTERPRETATION: _("Simultaneous or consecutive interpreters for a language pair."),
    ServiceKind.SECURITY_ESCORT: _("Close protection and escorted movements."),
    ServiceKind.MEDICAL: _("A doctor on call and first aid at the venue."),
    ServiceKind.MEDIA: _("Press room, briefings, photographers and accreditation of journalists."),
    ServiceKind.CATERING: _("Meals and refreshments, dietary needs included."),
    ServiceKind.SECURE_COMMUNICATIONS: _("A secure telephone or data line to the capital."),
    ServiceKind.PROTOCOL: _("Arrivals and departures, flags, seating and ceremonies."),
}


class Step(models.TextChoices):
    """What the host team does to a request next."""

    ACCEPT = "accept", _("Accept")
    ASSIGN = "assign", _("Assign")
    SCHEDULE = "schedule", _("Schedule")
    DELIVER = "deliver", _("Mark delivered")
    DECLINE = "decline", _("Decline")


class RequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    SCHEDULED = "scheduled", _("Scheduled")
    DELIVERED = "delivered", _("Delivered")
    DECLINED = "declined", _("Declined")


OPEN_STATUSES = (RequestStatus.REQUESTED, RequestStatus.ACCEPTED, RequestStatus.SCHEDULED)
OWNED_STATUSES = (RequestStatus.ACCEPTED, RequestStatus.SCHEDULED, RequestStatus.DELIVERED)
# Where a request may go from each status. Re-scheduling a scheduled request is allowed.
TRANSITIONS = {
    RequestStatus.REQUESTED: {RequestStatus.ACCEPTED, RequestStatus.DECLINED},
    RequestStatus.ACCEPTED: {RequestStatus.SCHEDULED, RequestStatus.DECLINED},
    RequestStatus.SCHEDULED: {
        RequestStatus.SCHEDULED,
        RequestStatus.DELIVERED,
        RequestStatus.DECLINED,
    },
    RequestStatus.DELIVERED: set(),
    RequestStatus.DECLINED: set(),
}


class ServiceRequest(models.Model):
    """A delegation asks the host for one service, needed by `due_at`."""

    process = models.ForeignKey(
        "talks.Process", on_delete=models.CASCADE, related_name="service_requests"
    )
    party = models.ForeignKey(
        "talks.Party", on_delete=models.PROTECT, related_name="service_requests"
    )
    kind = models.CharField(_("service"), max_length=32, choices=ServiceKind.choices)
    summary = models.CharField(_("what is needed"), max_length=200)
    details = models.TextField(_("details"), blank=True)
    due_at = models.DateTimeField(_("needed by"))
    status = models.CharField(
        _("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.REQUESTED
    )
    owner = models.ForeignKey(
        "auth.User",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner in the host team"),
    )
    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    requested_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_at"]
        indexes = [
            models.Index(fields=["process", "status", "due_at"], name="hostservices_req_queue")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ServiceKind.values), name="hostservices_request_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=RequestStatus.values),
                name="hostservices_request_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(summary=""), name="hostservices_request_summary_given"
            ),
            models.CheckConstraint(
                condition=(Q(status=RequestStatus.DECLINED) & ~Q(decline_reason=""))
                | (~Q(status=RequestStatus.DECLINED) & Q(decline_reason="")),
                name="hostservices_request_declined_with_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=OWNED_STATUSES) | Q(owner__isnull=False),
                name="hostservices_request_owned_once_accepted",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[RequestStatus.SCHEDULED, RequestStatus.DELIVERED])
                | Q(scheduled_for__isnull=False),
                name="hostservices_request_scheduled_has_time",
            ),
            models.CheckConstraint(
                condition=Q(status=RequestStatus.DELIVERED, delivered_at__isnull=False)
                | (~Q(status=RequestStatus.DELIVERED) & Q(delivered_at__isnull=True)),
                name="hostservices_request_delivered_when",
            ),
        ]

    def __str__(self) -> str:
        return self.summary

    @property
    def description(self) -> str:
        return str(CATALOGUE[ServiceKind(self.kind)])


class CommentSide(models.TextChoices):
    DELEGATION = "delegation", _("Delegation")
    HOST = "host", _("Host")


class ServiceComment(models.Model):
    """A message on a request, between the requesting delegation and the host's services team."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    side = models.CharField(_("side"), max_length=16, choices=CommentSide.choices)
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(side__in=CommentSide.values), name="hostservices_comment_side_valid"
            ),
            models.CheckConstraint(condition=~Q(body=""), name="hostservices_comment_not_empty"),
        ]
