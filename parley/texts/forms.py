"""Forms of the text pages: they check shape only; what may happen is the actions' to say."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ProposalKind

MAX_IMPORT_BYTES = 5 * 1024 * 1024


class ProposalForm(forms.Form):
    base = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    kind = forms.ChoiceField(
        label=_("The proposal"),
        choices=[(k.value, k.label) for k in ProposalKind if k != ProposalKind.WHOLE],
    )
    paragraph = forms.CharField(
        label=_("Paragraph (number, optional)"), required=False, max_length=32
    )
    target = forms.CharField(
        label=_("Quoted text, exactly as in the version (brackets included for a bracket)"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    text = forms.CharField(
        label=_("New text, chosen alternative or status"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Markdown file (UTF-8)"), required=False)
    body = forms.CharField(
        label=_("…or paste the draft"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16}),
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None:
            if upload.size > MAX_IMPORT_BYTES:
                raise forms.ValidationError(
                    _("The file is larger than 5 MB. Nothing was imported.")
                )
            try:
                cleaned["markdown"] = upload.read().decode("utf-8")
            except UnicodeDecodeError as error:
                raise forms.ValidationError(
                    _(
                        "The file is not UTF-8 text (byte %(at)s cannot be read). Save it as "
                        "UTF-8 Markdown and upload it again. Nothing was imported."
                    ),
                    params={"at": error.start},
                ) from error
        else:
            cleaned["markdown"] = cleaned.get("body") or ""
        if not cleaned["markdown"].strip():
            raise forms.ValidationError(_("Upload a Markdown file or paste the draft."))
        return cleaned


class NoteForm(forms.Form):
    paragraph = forms.CharField(label=_("Paragraph"), required=False, max_length=32)
    body = forms.CharField(
        label=_("Note (only your party reads it; empty removes it)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
