"""Stripe PaymentIntents (create + confirm), Refunds, retrieval and signed webhooks."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from adapters.gateways import stripe_webhook
from adapters.gateways.common import (
    ProviderApi,
    Sleep,
    body_of,
    header,
    require_secret,
    secrets_of,
    unexpected,
)
from adapters.gateways.stripe_format import (
    error_outcome,
    held_outcome,
    intent_outcome,
    refund_outcome,
    to_stripe_amount,
)
from domain.errors import NotFound
from domain.payment import CaptureMethod, PaymentStatus, RefundStatus
from domain.ports import (
    CaptureRequest,
    ChargeOutcome,
    ChargeRequest,
    PaymentGateway,
    RefundOutcome,
    RefundRequest,
    WebhookEvent,
)

_REFUND_REASONS = frozenset({"duplicate", "fraudulent", "requested_by_customer"})
_CANCEL_REASONS = frozenset({"duplicate", "fraudulent", "requested_by_customer", "abandoned"})


class StripeGateway(PaymentGateway):
    """Form-encoded calls with the secret key as bearer, our Idempotency-Key and a pinned version.

    A `payment_method` that is a Stripe PaymentMethod id (`pm_...`) is confirmed at once; without
    one the intent waits for the customer's card (REQUIRES_ACTION, `sdk_action_url`).
    """

    name = "stripe"
    manual_capture = True  # capture_method=manual, then /capture (amount_to_capture) or /cancel

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        credentials: Mapping[str, Any],
        options: Mapping[str, Any],
        max_retries: int = 2,
        sleep: Sleep = asyncio.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._api = ProviderApi(self.name, client, max_retries=max_retries, sleep=sleep)
        self._secret_key = str(credentials.get("secret_key") or "")
        self._webhook_secrets = secrets_of(credentials.get("webhook_secrets"))
        self._api_version = options.get("api_version")
        self._return_url = options.get("return_url")
        self._sdk_action_url = str(options.get("sdk_action_url") or "/checkout/stripe/{id}")
        self._tolerance = int(options.get("webhook_tolerance_seconds") or stripe_webhook.DEFAULT_TOLERANCE)
        self._clock = clock

    def _headers(self, idempotency_key: str | None = None) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self._secret_key}"}
        if self._api_version:
            headers["Stripe-Version"] = str(self._api_version)
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        return headers

    def validate(self, request: ChargeRequest) -> None:
        to_stripe_amount(request.amount)

    def _intent_form(self, request: ChargeRequest) -> dict[str, str]:
        form = {
            "amount": str(to_stripe_amount(request.amount)),
            "currency": request.amount.currency.lower(),
            "metadata[payment_id]": request.payment_id,
            "metadata[user_id]": request.user_id,
        }
        for key, value in list(request.metadata.items())[:40]:
            if isinstance(value, str | int | bool) and key not in ("payment_id", "user_id"):
                form[f"metadata[{str(key)[:40]}]"] = str(value)[:500]
        if request.description:
            form["description"] = request.description
        if request.capture_method is CaptureMethod.MANUAL:
            form["capture_method"] = "manual"
        method = request.payment_method or ""
        if method.startswith("pm_"):
            form.update(payment_method=method, confirm="true")
            if self._return_url:
                form["return_url"] = str(self._return_url)
            else:  # without a return URL Stripe refuses methods that redirect; 3-D Secure still works
                form["automatic_payment_methods[enabled]"] = "true"
                form["automatic_payment_methods[allow_redirects]"] = "never"
        return form

    async def process(self, request: ChargeRequest) -> ChargeOutcome:
        response = await self._api.send(
            "POST",
            "/v1/payment_intents",
            data=self._intent_form(request),
            headers=self._headers(request.idempotency_key),
        )
        body = body_of(response, self.name)
        if response.is_success:
            return intent_outcome(body, sdk_action_url=self._sdk_action_url)
        outcome = error_outcome(response.status_code, body)
        if outcome is None:
            raise unexpected(response, self.name, (body.get("error") or {}).get("message", ""))
        return outcome

    async def refund(self, request: RefundRequest) -> RefundOutcome:
        form = {
            "payment_intent": request.transaction_id,
            "amount": str(to_stripe_amount(request.amount)),
            "metadata[refund_id]": request.refund_id,
            "metadata[payment_id]": request.payment_id,
        }
        if request.reason in _REFUND_REASONS:
            form["reason"] = request.reason
        elif request.reason:
            form["metadata[reason]"] = request.reason[:500]
        response = await self._api.send(
            "POST", "/v1/refunds", data=form, headers=self._headers(request.idempotency_key)
        )
        body = body_of(response, self.name)
        if response.is_success:
            return refund_outcome(body)
        if response.status_code in (400, 402):  # already refunded, more than remains, ...
            error = body.get("error") or {}
            return RefundOutcome(status=RefundStatus.FAILED, failure_reason=error.get("message") or error.get("code"))
        raise unexpected(response, self.name, (body.get("error") or {}).get("message", ""))

    async def capture(self, request: CaptureRequest) -> ChargeOutcome:
        """POST /v1/payment_intents/{id}/capture with amount_to_capture; Stripe releases the rest."""
        form = {"amount_to_capture": str(to_stripe_amount(request.amount))}
        return await self._intent_action(request, "capture", form)

    async def cancel(self, request: CaptureRequest) -> ChargeOutcome:
        """POST /v1/payment_intents/{id}/cancel: Stripe voids the authorization."""
        form = {"cancellation_reason": request.reason} if request.reason in _CANCEL_REASONS else {}
        return await self._intent_action(request, "cancel", form)

    async def _intent_action(self, request: CaptureRequest, action: str, form: dict[str, str]) -> ChargeOutcome:
        response = await self._api.send(
            "POST",
            f"/v1/payment_intents/{request.transaction_id}/{action}",
            data=form,
            headers=self._headers(request.idempotency_key),
        )
        body = body_of(response, self.name)
        if response.is_success:
            return held_outcome(body)
        error = body.get("error") or {}
        if response.status_code in (400, 402) and error.get("type") != "idempotency_error":
            intent = error.get("payment_intent") or {}
            if intent.get("status") == "canceled":  # the hold expired or was voided already
                return held_outcome(intent)
            return ChargeOutcome(
                status=PaymentStatus.FAILED,
                transaction_id=request.transaction_id,
                failure_code=error.get("code") or error.get("type"),
                failure_reason=error.get("message"),
            )
        if response.status_code == 404:
            raise NotFound(f"stripe has no payment intent {request.transaction_id}", field="transaction_id")
        raise unexpected(response, self.name, error.get("message", ""))

    async def fetch_status(self, transaction_id: str) -> ChargeOutcome:
        response = await self._api.send(
            "GET", f"/v1/payment_intents/{transaction_id}", headers=self._headers(), moves_money=False
        )
        body = body_of(response, self.name)
        if response.status_code == 404:
            raise NotFound(f"stripe has no payment intent {transaction_id}", field="transaction_id")
        if not response.is_success:
            raise unexpected(response, self.name, (body.get("error") or {}).get("message", ""))
        return intent_outcome(body, sdk_action_url=self._sdk_action_url)

    async def verify_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookEvent:
        require_secret(self._webhook_secrets, self.name)
        stripe_webhook.verify_signature(
            header(headers, "Stripe-Signature"),
            body,
            self._webhook_secrets,
            now=self._clock(),
            tolerance=self._tolerance,
        )
        return stripe_webhook.to_event(body, sdk_action_url=self._sdk_action_url)
