"""Forms of the host services pages. Times are typed in the venue's zone (see talks.pages)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from parley.talks.models import Process
from parley.talks.pages import LOCAL_INPUT

from . import queries
from .models import ServiceKind, Step


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
    """One step of the host team on a request; what each step needs, the action checks."""

    step = forms.ChoiceField(label=_("Step"), choices=Step.choices)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None, required=False)
    scheduled_for = forms.DateTimeField(
        label=_("Scheduled for"), widget=LOCAL_INPUT, required=False
    )
    reason = forms.CharField(label=_("Reason for declining"), max_length=2000, required=False)

    def __init__(self, *args, process: Process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = queries.host_team(process=process)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))
