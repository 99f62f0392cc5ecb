import pytest
from django.db import IntegrityError, transaction

from parley.core.models import Role, RoleKind, SubstanceShare

from ..factories import PartyFactory, ProcessFactory, RoleFactory, UserFactory


def test_host_role_with_a_party_is_refused(db):
    process = ProcessFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleFactory(process=process, kind=RoleKind.HOST_COORDINATOR, party=PartyFactory())


def test_party_role_without_a_party_is_refused(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleFactory(kind=RoleKind.NEGOTIATOR, party=None)


def test_unknown_role_is_refused(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleFactory(kind="mediator", party=None)


def test_one_role_per_person_per_process(db):
    role = RoleFactory(kind=RoleKind.HOST_SERVICES)
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(user=role.user, process=role.process, kind=RoleKind.HOST_PROTOCOL)


def test_one_share_per_party_per_process(db):
    party = PartyFactory()
    process = ProcessFactory(parties=[party])
    user = UserFactory()
    SubstanceShare.objects.create(process=process, party=party, granted_by=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        SubstanceShare.objects.create(process=process, party=party, granted_by=user)
