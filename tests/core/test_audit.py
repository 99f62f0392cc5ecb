import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from parley.core import audit
from parley.core.actors import Actor
from parley.core.models import AuditEvent

from ..factories import UserFactory


def _append(n: int, actor: Actor | None = None) -> None:
    for i in range(n):
        with transaction.atomic():
            audit.record(actor=actor, action="test.event", detail={"i": i, "text": "Ünïcode"})


def _verify_exit_code(capsys) -> tuple[int, str]:
    try:
        call_command("audit", "verify")
    except SystemExit as exit_:
        return exit_.code, capsys.readouterr().err
    return 0, capsys.readouterr().out


def test_chain_of_appends_verifies(db, capsys):
    _append(5, Actor.for_user(UserFactory()))
    assert audit.verify() == audit.VerifyResult(intact=True, events=5)
    assert _verify_exit_code(capsys) == (0, "audit chain intact: 5 events\n")


def test_each_event_links_to_the_previous_hash(db):
    _append(3)
    events = list(AuditEvent.objects.order_by("sequence"))
    assert [e.sequence for e in events] == [1, 2, 3]
    assert events[0].previous_hash == audit.GENESIS_HASH
    assert [e.previous_hash for e in events[1:]] == [e.hash for e in events[:-1]]


@pytest.mark.django_db(transaction=True)
def test_record_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        audit.record(actor=None, action="test.event")


def test_edited_row_is_detected(db, capsys):
    _append(5)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET action = 'forged' WHERE sequence = 3")
    assert audit.verify().first_bad_sequence == 3
    assert _verify_exit_code(capsys) == (
        1,
        "audit chain broken at sequence 3: hash does not match its content\n",
    )


def test_deleted_row_is_detected(db, capsys):
    _append(5)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE sequence = 2")
    assert audit.verify().first_bad_sequence == 2
    assert _verify_exit_code(capsys)[0] == 1


def test_deleted_last_row_is_detected(db):
    _append(4)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE sequence = 4")
    assert audit.verify() == audit.VerifyResult(False, 3, 4, "events missing at the end")


def test_reordered_rows_are_detected(db, capsys):
    _append(5)
    with connection.cursor() as cursor:
        # Swap the sequence numbers of events 2 and 4 through a free number.
        cursor.execute("UPDATE core_auditevent SET sequence = 1000 WHERE sequence = 2")
        cursor.execute("UPDATE core_auditevent SET sequence = 2 WHERE sequence = 4")
        cursor.execute("UPDATE core_auditevent SET sequence = 4 WHERE sequence = 1000")
    assert audit.verify().first_bad_sequence == 2
    assert _verify_exit_code(capsys)[0] == 1


def test_rehashed_edit_is_still_detected_by_the_next_link(db):
    _append(3)
    event = AuditEvent.objects.get(sequence=2)
    event.action = "forged"
    new_hash = audit.chain_hash(previous_hash=event.previous_hash, event=event)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET action = 'forged', hash = %s WHERE sequence = 2", [new_hash]
        )
    assert audit.verify().first_bad_sequence == 3


def test_orm_refuses_to_edit_or_delete_events(db):
    _append(1)
    event = AuditEvent.objects.get()
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_never_fork_the_chain():
    threads_count, per_thread = 8, 10
    barrier = threading.Barrier(threads_count)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait()
            _append(per_thread)
        except BaseException as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert audit.verify() == audit.VerifyResult(True, threads_count * per_thread)
