"""Reasons for a meeting left out of a draft: recorded as codes, worded for the reader."""

from parley.scheduling.reasons import REASONS, reason_text


def test_reason_is_worded_with_its_parameters():
    warning = {"code": "no_interpreters", "params": {"pairs": "en-ru, ru-uk"}}
    assert reason_text(warning) == "no interpreters for en-ru, ru-uk"


def test_every_reason_is_worded_from_the_parameters_its_code_records():
    params = {
        "size": 1,
        "largest": 1,
        "pairs": "x",
        "preparations": "x",
        "preparation": "x",
    }
    for code in REASONS:
        assert reason_text({"code": code, "params": params}) == str(REASONS[code]) % params


def test_a_draft_saved_before_codes_keeps_its_english_reason():
    assert reason_text({"title": "Talks", "reason": "crowded"}) == "crowded"


def test_a_code_this_version_does_not_know_is_shown_as_it_is():
    assert reason_text({"code": "new_reason", "params": {}}) == "new_reason"
    assert reason_text({"code": "no_interpreters", "params": {}}) == "no_interpreters"
