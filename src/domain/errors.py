"""Domain errors; they carry no HTTP status: entrypoints/problems.py maps each class to one."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error the domain raises on purpose.

    `code` is stable and machine-readable; `field` names the offending input where there is one.
    """

    code = "domain_error"

    def __init__(self, detail: str, *, field: str | None = None, extra: dict | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field
        self.extra = extra or {}


class InvalidInput(DomainError):
    code = "invalid_input"


class InvalidAmount(InvalidInput):
    code = "invalid_amount"


class UnsupportedCurrency(InvalidInput):
    code = "unsupported_currency"


class WebhookSignatureInvalid(InvalidInput):
    """A provider notification whose signature, timestamp or verification failed; nothing changes."""

    code = "webhook_signature_invalid"


class UnknownFactoryKey(DomainError):
    """A factory was asked for a name it does not know; `extra['known']` lists the names it does."""

    code = "unknown_factory_key"

    def __init__(self, kind: str, name: str, known: list[str], *, field: str | None = None) -> None:
        super().__init__(f"unknown {kind} '{name}'; known: {', '.join(known)}", field=field, extra={"known": known})


class InvalidFactoryKey(UnknownFactoryKey):
    """A request's field names a member the factory does not have: the input is wrong, not the
    address (UnknownFactoryKey is a member addressed by the path that does not exist)."""


class NotFound(DomainError):
    code = "not_found"


class Conflict(DomainError):
    code = "conflict"


class IllegalTransition(Conflict):
    code = "illegal_transition"


class NotRefundable(Conflict):
    code = "not_refundable"


class RefundExceedsRemainder(InvalidInput):
    code = "refund_exceeds_remainder"


class NotCapturable(Conflict):
    """Capture or cancel of a payment that holds no uncaptured authorization (any more)."""

    code = "not_capturable"


class CaptureExceedsAuthorized(InvalidInput):
    code = "capture_exceeds_authorized"


class IdempotencyKeyReused(InvalidInput):
    """The same Idempotency-Key came back with a different request body."""

    code = "idempotency_key_reused"


class IdempotencyKeyInFlight(Conflict):
    """A request with this Idempotency-Key is still being processed."""

    code = "idempotency_key_in_flight"


class Unauthorized(DomainError):
    """The caller did not prove who it is (a missing or wrong operator token)."""

    code = "unauthorized"


class OutcomeNotRecorded(DomainError):
    """Money may have moved but its result could not be stored; reconciliation will finish it,
    and a retry with the same Idempotency-Key resumes it (the key stays at `recorded`)."""

    code = "outcome_not_recorded"


class ProviderUnavailable(DomainError):
    """A provider could not be reached or answered 5xx/429; the operation may be retried.

    `extra["indeterminate"]` is True when the request may have reached the provider and been acted
    on (read timeout, 500/502/504): the charge may exist, so it must be reconciled, not re-routed.
    """

    code = "provider_unavailable"


class UnknownQuery(InvalidInput):
    """A named query the catalog does not have; `extra['known']` lists the ones it has."""

    code = "unknown_query"

    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(f"unknown query '{name}'; known: {', '.join(known)}", field="query", extra={"known": known})


class InvalidQueryParams(InvalidInput):
    code = "invalid_query_params"


class DatabaseNotEnabled(InvalidInput):
    """The database type exists in the factory but this profile does not configure it."""

    code = "database_not_enabled"


class DatabaseUnavailable(DomainError):
    """A configured database could not be reached or did not answer in time."""

    code = "database_unavailable"


class AllGatewaysUnavailable(ProviderUnavailable):
    """Every gateway of a family was unavailable and none took the payment; `attempts` says how."""

    code = "gateways_unavailable"

    def __init__(self, detail: str, *, attempts: list, extra: dict | None = None) -> None:
        super().__init__(detail, extra=extra)
        self.attempts = attempts


class EventBusUnavailable(DomainError):
    """The event bus did not accept a publish; the events stay in the outbox for a later try."""

    code = "event_bus_unavailable"


class TemplateVariableMissing(InvalidInput):
    """A template used a variable that `data` does not hold (never rendered as empty text)."""

    code = "template_variable_missing"


class TemplateRefused(InvalidInput):
    """A template that does not compile, or tries what the sandbox forbids (`__class__`, ...)."""

    code = "template_refused"


class WebhookVerificationFailed(DomainError):
    """A provider's subscription handshake with the wrong verify token."""

    code = "webhook_verification_failed"


class ClientTokenInvalid(Unauthorized):
    """A client token that is malformed, signed with no key of ours, or expired."""

    code = "client_token_invalid"


class ClientTokensDisabled(DomainError):
    """No client-token secret is configured, so tokens can be neither issued nor accepted."""

    code = "client_tokens_disabled"
