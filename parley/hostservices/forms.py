"""Forms of the host services pages. Times are typed in the venue's zone (see venues.forms)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from parley.talks.models import Process
from parley.venues.forms import LOCAL_INPUT

from . import queries
from .models import ServiceKind


class ServiceRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Service"), choices=ServiceKind.choices)
    summary = forms.CharField(
        label=_("What is needed"),
        max_length=200,
        help_text=_("For example: a car at 08:00 from the hotel to the venue."),
    )
    details = forms.CharField(label=_("Details"), widget=forms.Textarea, required=False)
    due_at = forms.DateTimeField(label=_("Needed by"), widget=LOCAL_INPUT)


class RequestUpdateForm(forms.Form):
    """One step of the host team on a request: accept, assign, schedule, deliver or decline."""

    STEPS = [
        ("accept", _("Accept")),
        ("assign", _("Assign")),
        ("schedule", _("Schedule")),
        ("deliver", _("Mark delivered")),
        ("decline", _("Decline")),
    ]
    step = forms.ChoiceField(label=_("Step"), choices=STEPS)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None, required=False)
    scheduled_for = forms.DateTimeField(
        label=_("Scheduled for"), widget=LOCAL_INPUT, required=False
    )
    reason = forms.CharField(label=_("Reason for declining"), max_length=2000, required=False)

    def __init__(self, *args, process: Process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = queries.host_team(process=process)

    def clean(self):
        data = super().clean()
        step = data.get("step")
        if step == "assign" and not data.get("owner"):
            self.add_error("owner", _("Name the new owner."))
        if step == "schedule" and not data.get("scheduled_for"):
            self.add_error("scheduled_for", _("Say when the service will be delivered."))
        if step == "decline" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the request is declined."))
        return data


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))
