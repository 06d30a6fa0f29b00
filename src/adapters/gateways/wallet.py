"""Digital wallet over the wallet-provider HTTP contract of docs/wallet-provider-api.md."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from adapters.gateways.common import (
    ProviderApi,
    Sleep,
    body_of,
    header,
    json_body,
    require_secret,
    secrets_of,
    unexpected,
    verify_timestamped,
)
from domain.errors import IdempotencyKeyReused, InvalidInput, NotFound
from domain.money import Money
from domain.payment import PaymentStatus, RefundStatus
from domain.ports import (
    ChargeOutcome,
    ChargeRequest,
    PaymentGateway,
    RefundOutcome,
    RefundRequest,
    WebhookEvent,
)

CHARGE_STATUS = {
    "succeeded": PaymentStatus.SUCCEEDED,
    "pending": PaymentStatus.PENDING,
    "requires_action": PaymentStatus.REQUIRES_ACTION,
    "failed": PaymentStatus.FAILED,
}
REFUND_STATUS = {"succeeded": RefundStatus.SUCCEEDED, "pending": RefundStatus.PENDING, "failed": RefundStatus.FAILED}
_FIELDS = {
    "wallet_id": "wallet_details.wallet_id",
    "provider": "wallet_details.provider",
    "amount_minor": "amount",
    "currency": "currency",
}


def charge_outcome(charge: dict[str, Any]) -> ChargeOutcome:
    status = CHARGE_STATUS.get(charge.get("status") or "", PaymentStatus.PENDING)
    failed = status is PaymentStatus.FAILED
    return ChargeOutcome(
        status=status,
        transaction_id=charge.get("id"),
        failure_code=charge.get("failure_code") if failed else None,
        failure_reason=charge.get("failure_message") if failed else None,
        next_action_url=charge.get("action_url"),
        data={"wallet_status": charge.get("status"), "provider": charge.get("provider")},
    )


class DigitalWalletGateway(PaymentGateway):
    """Bearer api_key, JSON bodies, our Idempotency-Key on every POST; the wallet needs a wallet id."""

    name = "digital_wallet"

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
        self._api_key = str(credentials.get("api_key") or "")
        self._webhook_secrets = secrets_of(credentials.get("webhook_secret"))
        self._default_provider = str(options.get("default_provider") or "")
        self._tolerance = int(options.get("webhook_tolerance_seconds") or 300)
        self._clock = clock

    def _headers(self, idempotency_key: str | None = None) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self._api_key}"}
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        return headers

    def validate(self, request: ChargeRequest) -> None:
        details = request.wallet_details or {}
        if not isinstance(details.get("wallet_id"), str) or not details["wallet_id"].strip():
            raise InvalidInput(
                "a digital wallet payment needs wallet_details.wallet_id", field="wallet_details.wallet_id"
            )
        if not (details.get("provider") or self._default_provider):
            raise InvalidInput(
                "a digital wallet payment needs wallet_details.provider", field="wallet_details.provider"
            )

    def _error(self, response: httpx.Response, body: dict[str, Any]) -> ChargeOutcome:
        error = body.get("error") or {}
        if response.status_code == 402:
            return ChargeOutcome(
                status=PaymentStatus.FAILED, failure_code=error.get("code"), failure_reason=error.get("message")
            )
        if response.status_code == 409:
            raise IdempotencyKeyReused(error.get("message") or "idempotency key reused", field="Idempotency-Key")
        if response.status_code in (400, 422):
            field = _FIELDS.get(error.get("field") or "")
            if field:
                raise InvalidInput(
                    error.get("message") or f"invalid {field}", field=field, extra={"provider_code": error.get("code")}
                )
            return ChargeOutcome(
                status=PaymentStatus.FAILED, failure_code=error.get("code"), failure_reason=error.get("message")
            )
        raise unexpected(response, self.name, error.get("message", ""))

    async def process(self, request: ChargeRequest) -> ChargeOutcome:
        self.validate(request)
        details = request.wallet_details or {}
        charge = {
            "amount_minor": request.amount.minor,
            "currency": request.amount.currency,
            "wallet_id": details["wallet_id"].strip(),
            "provider": details.get("provider") or self._default_provider,
            "reference": request.payment_id,
            "description": request.description,
        }
        response = await self._api.send(
            "POST", "/v1/charges", json=charge, headers=self._headers(request.idempotency_key)
        )
        body = body_of(response, self.name)
        return charge_outcome(body) if response.is_success else self._error(response, body)

    async def refund(self, request: RefundRequest) -> RefundOutcome:
        payload = {
            "charge_id": request.transaction_id,
            "amount_minor": request.amount.minor,
            "currency": request.amount.currency,
            "reference": request.refund_id,
            "reason": request.reason,
        }
        response = await self._api.send(
            "POST", "/v1/refunds", json=payload, headers=self._headers(request.idempotency_key)
        )
        body = body_of(response, self.name)
        if response.is_success:
            status = REFUND_STATUS.get(body.get("status") or "", RefundStatus.PENDING)
            return RefundOutcome(
                status=status, gateway_refund_id=body.get("id"), failure_reason=body.get("failure_message")
            )
        if response.status_code in (400, 402, 422):
            return RefundOutcome(status=RefundStatus.FAILED, failure_reason=(body.get("error") or {}).get("message"))
        raise unexpected(response, self.name, (body.get("error") or {}).get("message", ""))

    async def fetch_status(self, transaction_id: str) -> ChargeOutcome:
        response = await self._api.send(
            "GET", f"/v1/charges/{transaction_id}", headers=self._headers(), moves_money=False
        )
        body = body_of(response, self.name)
        if response.status_code == 404:
            raise NotFound(f"the wallet provider has no charge {transaction_id}", field="transaction_id")
        if not response.is_success:
            raise unexpected(response, self.name, (body.get("error") or {}).get("message", ""))
        return charge_outcome(body)

    async def verify_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookEvent:
        require_secret(self._webhook_secrets, self.name)
        verify_timestamped(
            header(headers, "X-Wallet-Signature"),
            body,
            self._webhook_secrets,
            now=self._clock(),
            tolerance=self._tolerance,
            header_name="X-Wallet-Signature",
        )
        event = json_body(body, self.name)
        kind = str(event.get("type", ""))
        obj = (event.get("data") or {}).get("object") or {}
        data = {"event_type": kind, "payment_id": obj.get("reference")}
        if kind.startswith("refund."):
            return WebhookEvent(
                provider_event_id=str(event.get("id", "")),
                transaction_id=str(obj.get("charge_id")),
                refund_id=obj.get("id"),
                refund_status=REFUND_STATUS.get(obj.get("status") or ""),
                amount=_money(obj),
                data={**data, "payment_id": None, "merchant_refund_id": obj.get("reference")},
            )
        if not kind.startswith("charge."):
            return WebhookEvent(
                provider_event_id=str(event.get("id", "")), transaction_id=str(obj.get("id", "")), data=data
            )
        outcome = charge_outcome(obj)
        return WebhookEvent(
            provider_event_id=str(event.get("id", "")),
            transaction_id=str(obj.get("id", "")),
            payment_status=outcome.status,
            amount=_money(obj),
            data={
                **data,
                "failure_code": outcome.failure_code,
                "failure_reason": outcome.failure_reason,
                "next_action_url": outcome.next_action_url,
            },
        )


def _money(obj: Mapping[str, Any]) -> Money | None:
    """The object's `amount_minor` and `currency` (docs/wallet-provider-api.md); None when unusable."""
    amount, currency = obj.get("amount_minor"), obj.get("currency")
    if type(amount) is not int or amount < 0 or not isinstance(currency, str):
        return None
    try:
        return Money(amount, currency.upper())
    except InvalidInput:
        return None
