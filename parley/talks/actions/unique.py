"""A row created once: a concurrent twin's refusal by a unique constraint becomes a Conflict."""

from django.db import IntegrityError, transaction

from parley.core.errors import Conflict


def create_once(model_create, conflict: str):
    """Creates a row; a unique constraint's refusal (a concurrent twin) becomes `conflict`."""
    try:
        with transaction.atomic():
            return model_create()
    except IntegrityError as error:
        raise Conflict(conflict) from error
