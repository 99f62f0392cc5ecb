"""Forms of the venue pages. Times are typed in the venue's zone: validate them under
`talks.pages.in_venue_zone` so that they arrive aware, and are stored in UTC."""

from django import forms
from django.utils.translation import gettext_lazy as _

from parley.talks.models import Member, Process
from parley.talks.pages import LOCAL_INPUT
from parley.talks.queries import members_of

from .models import Room
from .queries import rooms_for_forms


def _local_field(label) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, widget=LOCAL_INPUT)


class BookingForm(forms.Form):
    room = forms.ModelChoiceField(label=_("Room"), queryset=Room.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = _local_field(_("Starts"))
    ends_at = _local_field(_("Ends"))

    def __init__(self, *args, process: Process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms_for_forms(process=process)


class BookingMoveForm(forms.Form):
    room = forms.ModelChoiceField(label=_("Room"), queryset=Room.objects.none())
    starts_at = _local_field(_("Starts"))
    ends_at = _local_field(_("Ends"))

    def __init__(self, *args, process: Process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms_for_forms(process=process)


class AccreditationForm(forms.Form):
    member = forms.ModelChoiceField(
        label=_("Delegation member"),
        queryset=Member.objects.none(),
        required=False,
        help_text=_("Leave empty to accredit a journalist by name and organisation."),
    )
    name = forms.CharField(label=_("Name (press)"), max_length=200, required=False)
    organisation = forms.CharField(label=_("Organisation (press)"), max_length=200, required=False)
    valid_from = _local_field(_("Valid from"))
    valid_until = _local_field(_("Valid until"))

    def __init__(self, *args, process: Process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members_of(process=process)
        self.fields["member"].label_from_instance = lambda m: f"{m.name} ({m.delegation.party})"


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("Badge code"), max_length=500)
    gate = forms.CharField(label=_("Gate"), max_length=100, required=False)
