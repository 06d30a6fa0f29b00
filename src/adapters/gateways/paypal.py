"""PayPal Orders v2: create (payer approves), capture once approved, refund a capture, webhooks."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from adapters.gateways import paypal_format as fmt
from adapters.gateways.common import ProviderApi, Sleep, body_of, json_body, unexpected
from domain.errors import NotFound, ProviderUnavailable, WebhookSignatureInvalid
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


class PayPalGateway(PaymentGateway):
    """process() creates an order and returns its approve link; fetch_status() captures an approved
    order (PayPal-Request-Id `capture-<order id>`, so repeats never capture twice). A manual
    payment's order has intent AUTHORIZE: once approved it is authorized instead, and capture()
    and cancel() capture or void that authorization (Payments v2)."""

    name = "paypal"
    manual_capture = True

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        credentials: Mapping[str, Any],
        options: Mapping[str, Any],
        max_retries: int = 2,
        sleep: Sleep = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._api = ProviderApi(self.name, client, max_retries=max_retries, sleep=sleep)
        self._client_id = str(credentials.get("client_id") or "")
        self._client_secret = str(credentials.get("client_secret") or "")
        self._webhook_id = str(credentials.get("webhook_id") or "")
        self._options = options
        self._approve_fallback = str(options.get("approve_url") or "https://www.paypal.com/checkoutnow?token={id}")
        self._clock = clock
        self._token: str | None = None
        self._token_expires = 0.0
        self._token_lock = asyncio.Lock()

    async def _access_token(self, *, renew: bool = False) -> str:
        """Client-credentials token, cached until a minute before `expires_in` runs out."""
        async with self._token_lock:
            if renew or self._token is None or self._clock() >= self._token_expires:
                response = await self._api.send(
                    "POST",
                    "/v1/oauth2/token",
                    data={"grant_type": "client_credentials"},
                    auth=(self._client_id, self._client_secret),
                    moves_money=False,
                    headers={"Accept": "application/json"},
                )
                body = body_of(response, self.name)
                if not response.is_success or not body.get("access_token"):
                    raise unexpected(response, self.name, "no access token")
                self._token = str(body["access_token"])
                self._token_expires = self._clock() + max(0, int(body.get("expires_in", 0)) - 60)
            return self._token

    async def _call(
        self,
        method: str,
        path: str,
        *,
        request_id: str | None = None,
        moves_money: bool = True,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        """An authorised call; a 401 (token revoked early) fetches a new token and tries once more."""
        response = None
        for renew in (False, True):
            sent = {
                "Authorization": f"Bearer {await self._access_token(renew=renew)}",
                "Prefer": "return=representation",
                **(headers or {}),
            }
            if request_id:
                sent["PayPal-Request-Id"] = request_id
            response = await self._api.send(method, path, headers=sent, moves_money=moves_money, **kwargs)
            if response.status_code != 401:
                break
        assert response is not None
        return response

    def validate(self, request: ChargeRequest) -> None:
        fmt.paypal_amount(request.amount)

    async def process(self, request: ChargeRequest) -> ChargeOutcome:
        unit: dict[str, Any] = {
            "reference_id": request.payment_id,
            "custom_id": request.payment_id,
            "amount": fmt.paypal_amount(request.amount),
        }
        if request.description:
            unit["description"] = request.description[:127]
        intent = "AUTHORIZE" if request.capture_method is CaptureMethod.MANUAL else "CAPTURE"
        order: dict[str, Any] = {"intent": intent, "purchase_units": [unit]}
        if self._options.get("return_url"):
            order["payment_source"] = {
                "paypal": {
                    "experience_context": {
                        "return_url": self._options["return_url"],
                        "user_action": "PAY_NOW",
                        "cancel_url": self._options.get("cancel_url") or self._options["return_url"],
                    }
                }
            }
        # Creating an order takes no money: a failure here may always fail over.
        response = await self._call(
            "POST", "/v2/checkout/orders", json=order, moves_money=False, request_id=request.idempotency_key
        )
        body = body_of(response, self.name)
        if response.is_success:
            return fmt.order_outcome(body, self._approve_fallback)
        if response.status_code in (400, 422):
            return fmt.create_error(body)
        raise unexpected(response, self.name, body.get("message", ""))

    async def fetch_status(self, transaction_id: str) -> ChargeOutcome:
        response = await self._call("GET", f"/v2/checkout/orders/{transaction_id}", moves_money=False)
        if response.status_code == 404:  # after capture our transaction id is the capture's
            return await self._fetch_capture(transaction_id)
        order = body_of(response, self.name)
        if not response.is_success:
            raise unexpected(response, self.name, order.get("message", ""))
        if order.get("status") == "APPROVED":
            if order.get("intent") == "AUTHORIZE":
                return await self._authorize(transaction_id)
            return await self._capture(transaction_id)
        return fmt.order_outcome(order, self._approve_fallback)

    async def _authorize(self, order_id: str) -> ChargeOutcome:
        """POST /v2/checkout/orders/{id}/authorize: the payer's money is held, not taken."""
        response = await self._call(
            "POST", f"/v2/checkout/orders/{order_id}/authorize", json={}, request_id=f"authorize-{order_id}"
        )
        body = body_of(response, self.name)
        if response.is_success:
            return fmt.order_outcome(body, self._approve_fallback)
        issue, _, description = fmt.issue_of(body)
        if issue == "ORDER_ALREADY_AUTHORIZED":
            again = await self._call("GET", f"/v2/checkout/orders/{order_id}", moves_money=False)
            return fmt.order_outcome(body_of(again, self.name), self._approve_fallback)
        if response.status_code == 422:
            return ChargeOutcome(
                status=PaymentStatus.FAILED, transaction_id=order_id, failure_code=issue, failure_reason=description
            )
        raise unexpected(response, self.name, description)

    async def capture(self, request: CaptureRequest) -> ChargeOutcome:
        """POST /v2/payments/authorizations/{id}/capture, final: PayPal releases the rest."""
        payload = {"amount": fmt.paypal_amount(request.amount), "final_capture": True}
        response = await self._call(
            "POST",
            f"/v2/payments/authorizations/{request.transaction_id}/capture",
            json=payload,
            request_id=request.idempotency_key,
        )
        body = body_of(response, self.name)
        if response.is_success:
            return fmt.capture_outcome(body, request.gateway_data.get("order_id"))
        return self._authorization_error(response.status_code, body, request)

    async def cancel(self, request: CaptureRequest) -> ChargeOutcome:
        """POST /v2/payments/authorizations/{id}/void (204, or the VOIDED authorization)."""
        response = await self._call(
            "POST",
            f"/v2/payments/authorizations/{request.transaction_id}/void",
            json={},
            request_id=request.idempotency_key,
        )
        if response.status_code == 204:
            return fmt.authorization_outcome({"id": request.transaction_id, "status": "VOIDED"}, None)
        body = body_of(response, self.name)
        if response.is_success:
            return fmt.authorization_outcome(body, request.gateway_data.get("order_id"))
        return self._authorization_error(response.status_code, body, request)

    def _authorization_error(self, status: int, body: dict[str, Any], request: CaptureRequest) -> ChargeOutcome:
        issue, _, description = fmt.issue_of(body)
        if issue in fmt.AUTHORIZATION_GONE:  # expired or voided: nothing can be captured any more
            return ChargeOutcome(
                status=PaymentStatus.CANCELED, transaction_id=request.transaction_id, failure_reason=description
            )
        if status in (400, 404, 422):
            return ChargeOutcome(
                status=PaymentStatus.FAILED,
                transaction_id=request.transaction_id,
                failure_code=issue,
                failure_reason=description or issue,
            )
        raise ProviderUnavailable(
            f"paypal answered {status}: {description}", extra={"provider": self.name, "status": status}
        )

    async def _capture(self, order_id: str) -> ChargeOutcome:
        response = await self._call(
            "POST", f"/v2/checkout/orders/{order_id}/capture", json={}, request_id=f"capture-{order_id}"
        )
        body = body_of(response, self.name)
        if response.is_success:
            return fmt.order_outcome(body, self._approve_fallback)
        issue, _, description = fmt.issue_of(body)
        if issue == "ORDER_ALREADY_CAPTURED":
            again = await self._call("GET", f"/v2/checkout/orders/{order_id}", moves_money=False)
            return fmt.order_outcome(body_of(again, self.name), self._approve_fallback)
        if issue == "INSTRUMENT_DECLINED":  # PayPal: send the payer back to choose another source
            return fmt.order_outcome({"id": order_id, "status": "PAYER_ACTION_REQUIRED"}, self._approve_fallback)
        if response.status_code == 422:
            return ChargeOutcome(
                status=PaymentStatus.FAILED,
                transaction_id=order_id,
                failure_code=issue,
                failure_reason=description or issue,
            )
        raise unexpected(response, self.name, description)

    async def _fetch_capture(self, capture_id: str) -> ChargeOutcome:
        response = await self._call("GET", f"/v2/payments/captures/{capture_id}", moves_money=False)
        if response.status_code == 404:
            raise NotFound(f"paypal has no order or capture {capture_id}", field="transaction_id")
        body = body_of(response, self.name)
        if not response.is_success:
            raise unexpected(response, self.name, body.get("message", ""))
        related = (body.get("supplementary_data") or {}).get("related_ids") or {}
        return fmt.capture_outcome(body, related.get("order_id"))

    async def refund(self, request: RefundRequest) -> RefundOutcome:
        payload: dict[str, Any] = {"amount": fmt.paypal_amount(request.amount), "custom_id": request.refund_id}
        if request.reason:
            payload["note_to_payer"] = request.reason[:255]
        response = await self._call(
            "POST",
            f"/v2/payments/captures/{request.transaction_id}/refund",
            json=payload,
            request_id=request.idempotency_key,
        )
        body = body_of(response, self.name)
        if response.is_success:
            return fmt.refund_outcome(body)
        if response.status_code in (400, 404, 422):
            issue, _, description = fmt.issue_of(body)
            return RefundOutcome(status=RefundStatus.FAILED, failure_reason=description or issue)
        raise unexpected(response, self.name, body.get("message", ""))

    async def verify_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookEvent:
        """PayPal checks its own signature: we post the transmission headers and the raw event."""
        event = json_body(body, self.name)
        content = fmt.verification_request(headers, self._webhook_id, body)
        response = await self._call(
            "POST",
            "/v1/notifications/verify-webhook-signature",
            content=content,
            moves_money=False,
            headers={"Content-Type": "application/json"},
        )
        result = body_of(response, self.name)
        if not response.is_success:
            raise unexpected(response, self.name, result.get("message", ""))
        if result.get("verification_status") != "SUCCESS":
            raise WebhookSignatureInvalid(
                "PayPal did not verify the webhook signature", field="PAYPAL-TRANSMISSION-SIG"
            )
        return fmt.to_event(event)
