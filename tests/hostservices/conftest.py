"""A transport request from Northland, due tomorrow, in the `talks` process."""

import pytest

from ..factories import ServiceRequestFactory


@pytest.fixture
def north_request(talks):
    return ServiceRequestFactory(
        process=talks.process,
        party=talks.north,
        summary="Two cars at 08:00 from the hotel",
        requested_by=talks.users["north_staff"],
    )
