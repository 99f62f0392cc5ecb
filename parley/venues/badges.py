"""Badges: the signed token a badge's QR code carries, what the door makes of it, and the PDF.

The token is the accreditation's random nonce signed with HMAC-SHA256 under SECRET_KEY
(django.core.signing, so SECRET_KEY_FALLBACKS keep old badges readable across a key rotation).
It never carries a bare id: a code that was not signed here is forged, whatever it says.
"""

import datetime as dt
import io

import segno
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A6
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from .models import Accreditation, AccreditationStatus, CheckInResult

_SALT = "parley.venues.badge"


def _signer() -> signing.Signer:
    return signing.Signer(salt=_SALT, algorithm="sha256")


def badge_token(accreditation: Accreditation) -> str:
    return _signer().sign(accreditation.nonce)


def nonce_from(code: str) -> str | None:
    """The nonce a code was signed for, or None when the code was not signed by this host."""
    try:
        return _signer().unsign(code.strip())
    except signing.BadSignature:
        return None


def judge(accreditation: Accreditation | None, *, at: dt.datetime) -> CheckInResult:
    """What the door answers for a read badge: `None` is a code this host never signed."""
    if accreditation is None:
        return CheckInResult.FORGED
    if accreditation.status == AccreditationStatus.REVOKED:
        return CheckInResult.REVOKED
    if at >= accreditation.valid_until:
        return CheckInResult.EXPIRED
    if at < accreditation.valid_from:
        return CheckInResult.NOT_YET_VALID
    return CheckInResult.VALID


def badge_qr(accreditation: Accreditation) -> segno.QRCode:
    return segno.make(badge_token(accreditation), error="m", micro=False)


def _draw_qr(canvas: Canvas, qr: segno.QRCode, *, x: float, y: float, size: float) -> None:
    """Draws the code as vector squares (quiet zone included), so it prints sharp at any size."""
    border = 4
    modules = len(qr.matrix)
    step = size / (modules + 2 * border)
    canvas.setFillColor(white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(HexColor("#000000"))
    for row, line in enumerate(qr.matrix):
        top = y + size - (row + border + 1) * step
        for column, dark in enumerate(line):
            if dark:
                canvas.rect(x + (column + border) * step, top, step, step, stroke=0, fill=1)


def badge_pdf(accreditation: Accreditation) -> bytes:
    """One A6 badge: process, photo placeholder, name, party, level, validity and the QR code."""
    process = accreditation.process
    tz = process.venue.tzinfo
    buffer = io.BytesIO()
    width, height = A6
    canvas = Canvas(buffer, pagesize=A6)
    canvas.setTitle(_("Badge: %(name)s") % {"name": accreditation.name})
    canvas.setAuthor("Parley")
    colour = HexColor(accreditation.party.colour if accreditation.party else "#555555")
    canvas.setFillColor(colour)
    canvas.rect(0, height - 18 * mm, width, 18 * mm, stroke=0, fill=1)
    canvas.setFillColor(white)
    canvas.setFont("Helvetica-Bold", 10)
    canvas.drawString(8 * mm, height - 8 * mm, process.title[:60])
    canvas.setFont("Helvetica", 9)
    canvas.drawString(8 * mm, height - 14 * mm, process.venue.name[:60])

    canvas.setStrokeColor(HexColor("#888888"))
    canvas.setFillColor(HexColor("#888888"))
    photo_top = height - 24 * mm
    canvas.rect(8 * mm, photo_top - 32 * mm, 26 * mm, 32 * mm, stroke=1, fill=0)
    canvas.setFont("Helvetica", 7)
    canvas.drawCentredString(21 * mm, photo_top - 17 * mm, _("Photo"))

    canvas.setFillColor(HexColor("#000000"))
    canvas.setFont("Helvetica-Bold", 13)
    canvas.drawString(38 * mm, photo_top - 6 * mm, accreditation.name[:40])
    canvas.setFont("Helvetica", 10)
    organisation = accreditation.party.name if accreditation.party else accreditation.organisation
    canvas.drawString(38 * mm, photo_top - 12 * mm, organisation[:40])
    canvas.drawString(38 * mm, photo_top - 18 * mm, accreditation.level_label or _("Press"))
    canvas.setFont("Helvetica", 8)
    valid_from = timezone.localtime(accreditation.valid_from, tz)
    valid_until = timezone.localtime(accreditation.valid_until, tz)
    canvas.drawString(
        38 * mm, photo_top - 25 * mm, _("Valid from %s") % f"{valid_from:%Y-%m-%d %H:%M}"
    )
    canvas.drawString(38 * mm, photo_top - 30 * mm, _("until %s") % f"{valid_until:%Y-%m-%d %H:%M}")

    qr_size = 52 * mm
    _draw_qr(canvas, badge_qr(accreditation), x=(width - qr_size) / 2, y=14 * mm, size=qr_size)
    canvas.setFont("Helvetica", 7)
    canvas.drawCentredString(
        width / 2, 8 * mm, _("Show this badge at the door. Not valid if altered.")
    )
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
