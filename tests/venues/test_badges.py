"""A badge QR carries a signed token the door accepts; altered, revoked or expired, it does not."""

import datetime as dt
import io

import pytest
import zxingcpp
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from parley.venues import actions, badges

from .conftest import at, check, issue


def _decode(qr) -> str:
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=6, border=4)
    buffer.seek(0)
    found = zxingcpp.read_barcodes(Image.open(buffer))
    assert len(found) == 1
    return found[0].text


def test_badge_qr_decodes_to_a_token_the_door_accepts(talks, venue):
    badge = issue(talks, venue.north_member)
    token = _decode(badges.badge_qr(badge))
    assert token == badges.badge_token(badge)
    assert str(badge.pk) not in token.split(":")
    assert check(talks, token).result == "valid"


def test_token_altered_by_one_character_is_forged(talks, venue):
    badge = issue(talks, venue.north_member)
    token = _decode(badges.badge_qr(badge))
    for position in (0, len(token) // 2, len(token) - 1):
        flipped = "A" if token[position] != "A" else "B"
        altered = token[:position] + flipped + token[position + 1 :]
        assert check(talks, altered).result == "forged"


def test_token_signed_with_another_key_is_forged(talks, venue, settings):
    badge = issue(talks, venue.north_member)
    settings.SECRET_KEY = "another-host-entirely-" + "y" * 40
    foreign = badges.badge_token(badge)
    settings.SECRET_KEY = "test-only-secret-key-that-is-long-enough-for-hmac-signing"
    assert check(talks, foreign).result == "forged"


def test_revoked_badge_qr_is_revoked(talks, venue):
    badge = issue(talks, venue.north_member)
    actions.accreditation_revoke(actor=talks.actor("protocol"), accreditation=badge, reason="Lost")
    assert check(talks, _decode(badges.badge_qr(badge))).result == "revoked"


def test_expired_badge_qr_is_expired(talks, venue):
    now = timezone.now()
    badge = issue(
        talks,
        venue.north_member,
        valid_from=now - dt.timedelta(days=2),
        valid_until=now - dt.timedelta(hours=1),
    )
    assert check(talks, _decode(badges.badge_qr(badge))).result == "expired"


def test_badge_pdf_opens_and_shows_name_party_and_level(talks, venue):
    badge = issue(talks, venue.north_member, valid_from=at(6), valid_until=at(20, day=4))
    reader = PdfReader(io.BytesIO(badges.badge_pdf(badge)))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert badge.name in text
    assert talks.north.name in text
    assert badge.level_label in text
    # Validity in the venue's zone (Vienna, UTC+1 in December).
    assert "2026-12-01 07:00" in text
    assert "2026-12-05 21:00" in text


def test_judge_answers_in_order_revoked_then_expired(talks, venue):
    badge = issue(talks, venue.north_member)
    assert badges.judge(badge, at=badge.valid_until) == "expired"
    assert badges.judge(badge, at=badge.valid_from - dt.timedelta(seconds=1)) == "not_yet_valid"
    assert badges.judge(None, at=timezone.now()) == "forged"
    badge.status = "revoked"
    assert badges.judge(badge, at=badge.valid_until) == "revoked"


@pytest.mark.parametrize("garbage", ["", "   ", "42", "x" * 400, "🙂:signature"])
def test_garbage_codes_are_forged(talks, venue, garbage):
    assert check(talks, garbage).result == "forged"
