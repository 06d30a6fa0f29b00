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
from adapters.gateways.wallet_format import FIELDS, REFUND_STATUS, SOFT_DECLINES, charge_outcome, webhook_event
from domain.declines import classify
from domain.errors import IdempotencyKeyReused, InvalidInput, NotFound
from domain.payment import PaymentStatus, RefundStatus
from domain.ports import (
    ChargeOutcome,
    ChargeRequest,
    PaymentGateway,
    RefundOutcome,
    RefundRequest,
    WebhookEvent,
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
                status=PaymentStatus.FAILED,
                failure_code=error.get("code"),
                failure_reason=error.get("message"),
                decline=classify(error.get("code"), SOFT_DECLINES),
            )
        if response.status_code == 409:
            raise IdempotencyKeyReused(error.get("message") or "idempotency key reused", field="Idempotency-Key")
        if response.status_code in (400, 422):
            field = FIELDS.get(error.get("field") or "")
            if field:
                raise InvalidInput(
                    error.get("message") or f"invalid {field}", field=field, extra={"provider_code": error.get("code")}
                )
            return ChargeOutcome(
                status=PaymentStatus.FAILED,
                failure_code=error.get("code"),
                failure_reason=error.get("message"),
                decline=classify(error.get("code"), SOFT_DECLINES),
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
        return webhook_event(json_body(body, self.name))
