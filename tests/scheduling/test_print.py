"""The printable programme: a PDF that opens and lists every published meeting."""

import io

import pypdf
from django.urls import reverse

from parley.scheduling.printing import programme_pdf

from ..conftest import sign_in


def _text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_opens_and_lists_the_meetings(client, plan, published):
    sign_in(client, plan.talks.users["south_staff"])
    response = client.get(reverse("scheduling:programme-pdf", args=[plan.process.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 3  # one grid per day, then the list
    text = _text(response.content)
    for title in [
        "Border working group",
        "Senior bilateral",
        "Leaders' meeting",
        "Northland caucus",
        "Southland caucus",
    ]:
        assert title in text
    assert "Version 1" in text and "Europe/Vienna" in text


def test_pdf_before_any_version_says_so(plan):
    text = _text(programme_pdf(process=plan.process, version=None, entries=[]))
    assert "No programme has been published yet." in text
