"""Domain errors carry no HTTP status; entrypoints/problems.py gives each class its own."""

from __future__ import annotations

import pytest

from domain import errors
from entrypoints.problems import status_of

CASES = [
    (errors.InvalidInput("x"), 422),
    (errors.IdempotencyKeyReused("x"), 422),
    (errors.WebhookSignatureInvalid("x"), 400),
    (errors.UnknownFactoryKey("payment gateway", "nope", ["stripe"]), 404),
    (errors.InvalidFactoryKey("payment gateway", "nope", ["stripe"], field="gateway"), 422),
    (errors.NotFound("x"), 404),
    (errors.IdempotencyKeyInFlight("x"), 409),
    (errors.ClientTokenInvalid("x"), 401),
    (errors.WebhookVerificationFailed("x"), 403),
    (errors.OutcomeNotRecorded("x"), 500),
    (errors.AllGatewaysUnavailable("x", attempts=[]), 502),
    (errors.DatabaseUnavailable("x"), 503),
]


@pytest.mark.parametrize(("error", "status"), CASES, ids=lambda v: type(v).__name__)
def test_each_domain_error_class_maps_to_its_status(error, status):
    """A subclass takes its nearest mapped ancestor's status."""
    assert status_of(error) == status


def test_no_domain_error_knows_an_http_status():
    """The domain says what went wrong, never how HTTP shows it."""
    classes = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, errors.DomainError)]
    assert len(classes) > 20
    assert [c.__name__ for c in classes if "status" in vars(c)] == []
    assert not hasattr(errors.UnknownFactoryKey("k", "n", []), "status")
