"""Razorpay Orders and Payments: order -> Checkout -> signature check -> capture; refunds; webhooks."""

from __future__ import annotations

import asyncio
import hmac
from collections.abc import Mapping
from typing import Any

import httpx

from adapters.gateways import razorpay_format as fmt
from adapters.gateways.common import (
    ProviderApi,
    Sleep,
    any_matches,
    body_of,
    header,
    hmac_sha256_hex,
    json_body,
    require_secret,
    secrets_of,
    unexpected,
)
from domain.errors import InvalidInput, NotFound, WebhookSignatureInvalid
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

MANUAL = "manual"


class RazorpayGateway(PaymentGateway):
    """Without a payment id, process() creates an order for Checkout (REQUIRES_ACTION). With one
    (`payment_method="pay_..."` plus metadata razorpay_order_id and razorpay_signature from the
    Checkout handler) it verifies the signature and captures.

    A manual payment's order is created with `payment.capture = manual`, and its authorized
    payment waits in requires_capture. Razorpay captures only the whole authorized amount, so a
    smaller capture is the whole capture and a refund of the rest. Razorpay has no void: cancel
    leaves the authorization to lapse, and Razorpay refunds it to the payer automatically when
    its capture window (`manual_expiry_minutes`) ends."""

    name = "razorpay"
    manual_capture = True

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        credentials: Mapping[str, Any],
        options: Mapping[str, Any],
        max_retries: int = 2,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._api = ProviderApi(self.name, client, max_retries=max_retries, sleep=sleep)
        self._key_id = str(credentials.get("key_id") or "")
        self._key_secret = str(credentials.get("key_secret") or "")
        self._webhook_secrets = secrets_of(credentials.get("webhook_secret"))
        self._checkout_url = str(options.get("checkout_url") or "/checkout/razorpay/{order_id}")
        self._manual_expiry = int(options.get("manual_expiry_minutes") or 7200)  # 5 days

    async def _send(
        self, method: str, path: str, *, moves_money: bool = False, **kwargs: Any
    ) -> tuple[httpx.Response, dict[str, Any]]:
        response = await self._api.send(
            method, path, auth=(self._key_id, self._key_secret), moves_money=moves_money, **kwargs
        )
        return response, body_of(response, self.name)

    def verify_payment_signature(self, order_id: str, payment_id: str, signature: str) -> bool:
        """Checkout's razorpay_signature: HMAC-SHA256 of `order_id|payment_id` with the key secret."""
        expected = hmac_sha256_hex(self._key_secret, f"{order_id}|{payment_id}".encode())
        return bool(self._key_secret) and hmac.compare_digest(expected, signature or "")

    @staticmethod
    def _payment_id(request: ChargeRequest) -> str | None:
        method = request.payment_method or request.metadata.get("razorpay_payment_id") or ""
        return method if str(method).startswith("pay_") else None

    def validate(self, request: ChargeRequest) -> None:
        fmt.razorpay_amount(request.amount)
        if self._payment_id(request):
            for key in ("razorpay_order_id", "razorpay_signature"):
                if not request.metadata.get(key):
                    raise InvalidInput(f"{key} is required with a Razorpay payment id", field=f"metadata.{key}")

    async def process(self, request: ChargeRequest) -> ChargeOutcome:
        self.validate(request)
        payment_id = self._payment_id(request)
        if payment_id:
            order_id = str(request.metadata["razorpay_order_id"])
            if not self.verify_payment_signature(order_id, payment_id, str(request.metadata["razorpay_signature"])):
                raise InvalidInput(
                    "razorpay_signature does not match the order and payment", field="metadata.razorpay_signature"
                )
            if request.capture_method is CaptureMethod.MANUAL:  # authorized at Checkout: it waits
                response, body = await self._send("GET", f"/v1/payments/{payment_id}")
                if not response.is_success:
                    raise unexpected(response, self.name, (body.get("error") or {}).get("description", ""))
                return fmt.payment_outcome(body, held=True)
            return await self._capture(payment_id, fmt.razorpay_amount(request.amount), request.amount.currency)
        order: dict[str, Any] = {
            "amount": fmt.razorpay_amount(request.amount),
            "currency": request.amount.currency,
            "receipt": request.payment_id[:40],
            "notes": {"payment_id": request.payment_id, "user_id": request.user_id},
        }
        if request.capture_method is CaptureMethod.MANUAL:
            order["notes"]["capture_method"] = MANUAL
            order["payment"] = {
                "capture": MANUAL,
                "capture_options": {"manual_expiry_period": self._manual_expiry, "refund_speed": "normal"},
            }
        response, body = await self._send("POST", "/v1/orders", json=order)
        if response.status_code == 400:
            return fmt.order_error(body)
        if not response.is_success:
            raise unexpected(response, self.name, (body.get("error") or {}).get("description", ""))
        order_id = str(body.get("id"))
        return ChargeOutcome(
            status=PaymentStatus.REQUIRES_ACTION,
            transaction_id=order_id,
            next_action_url=self._checkout_url.format(order_id=order_id),
            data={"order_id": order_id, "key_id": self._key_id, "razorpay_status": body.get("status")},
        )

    async def _capture(self, payment_id: str, amount: int, currency: str) -> ChargeOutcome:
        response, body = await self._send(
            "POST",
            f"/v1/payments/{payment_id}/capture",
            json={"amount": amount, "currency": currency},
            moves_money=True,
        )
        if response.is_success:
            return fmt.payment_outcome(body)
        if response.status_code == 400:  # already captured, or failed: the payment says which
            return await self.fetch_status(payment_id, capture=False)
        raise unexpected(response, self.name, (body.get("error") or {}).get("description", ""))

    async def fetch_status(self, transaction_id: str, *, capture: bool = True) -> ChargeOutcome:
        """`pay_...`: that payment; `order_...`: the order's best payment (an authorized one is
        captured); an order with none captured or pending still awaits Checkout."""
        path = (
            f"/v1/orders/{transaction_id}/payments"
            if transaction_id.startswith("order_")
            else f"/v1/payments/{transaction_id}"
        )
        response, body = await self._send("GET", path)
        if response.status_code in (400, 404):
            raise NotFound(f"razorpay has no {transaction_id}", field="transaction_id")
        if not response.is_success:
            raise unexpected(response, self.name, (body.get("error") or {}).get("description", ""))
        payments = body.get("items") if "items" in body else [body]
        by_status = {p.get("status"): p for p in reversed(payments or [])}
        best = next(
            (by_status[s] for s in ("captured", "refunded", "authorized", "created", "failed") if s in by_status), None
        )
        if best is None or (best.get("status") == "failed" and transaction_id.startswith("order_")):
            return ChargeOutcome(
                status=PaymentStatus.REQUIRES_ACTION,
                transaction_id=transaction_id,
                next_action_url=self._checkout_url.format(order_id=transaction_id),
                data={"order_id": transaction_id},
            )
        if best.get("status") == "authorized" and await self._held_for_us(best):
            return fmt.payment_outcome(best, held=True)
        if best.get("status") == "authorized" and capture:
            return await self._capture(str(best["id"]), int(best["amount"]), str(best["currency"]))
        return fmt.payment_outcome(best)

    async def _held_for_us(self, payment: dict[str, Any]) -> bool:
        """Whether an authorized payment belongs to a manual order (its notes say so): it waits."""
        order_id = payment.get("order_id")
        if not order_id:
            return False
        response, order = await self._send("GET", f"/v1/orders/{order_id}")
        if not response.is_success:
            raise unexpected(response, self.name, str(order.get("error") or ""))
        return (order.get("notes") or {}).get("capture_method") == MANUAL

    async def capture(self, request: CaptureRequest) -> ChargeOutcome:
        """Capture the whole authorization (Razorpay takes no less), then refund what was not to be
        captured, under an X-Refund-Idempotency derived from our key, so a repeat refunds once."""
        captured = await self._capture(
            request.transaction_id, fmt.razorpay_amount(request.authorized), request.authorized.currency
        )
        if captured.status is not PaymentStatus.SUCCEEDED:
            return captured
        rest = request.authorized.minor - request.amount.minor
        if rest <= 0:
            return captured
        response, body = await self._send(
            "POST",
            f"/v1/payments/{request.transaction_id}/refund",
            json={
                "amount": rest,
                "speed": "normal",
                "notes": {"payment_id": request.payment_id, "reason": "uncaptured remainder released"},
            },
            moves_money=True,
            headers={"X-Refund-Idempotency": fmt.refund_idempotency_key(f"{request.idempotency_key}-release")},
        )
        release = {"released_minor": rest, "release_refund_id": body.get("id")}
        if response.status_code == 400:  # captured, but the release was refused: an operator must act
            error = body.get("error") or {}
            release = {"released_minor": 0, "release_error": error.get("description") or error.get("code")}
        elif not response.is_success and response.status_code != 409:  # 409: that refund is under way
            raise unexpected(response, self.name, (body.get("error") or {}).get("description", ""))
        return ChargeOutcome(
            status=PaymentStatus.SUCCEEDED, transaction_id=captured.transaction_id, data={**captured.data, **release}
        )

    async def cancel(self, request: CaptureRequest) -> ChargeOutcome:
        """No void at Razorpay: an authorized payment is left to lapse and refunded automatically at
        the end of its capture window. A payment captured meanwhile cannot be canceled."""
        response, payment = await self._send("GET", f"/v1/payments/{request.transaction_id}")
        if response.status_code in (400, 404):
            raise NotFound(f"razorpay has no {request.transaction_id}", field="transaction_id")
        if not response.is_success:
            raise unexpected(response, self.name, (payment.get("error") or {}).get("description", ""))
        if payment.get("status") in ("authorized", "refunded", "failed"):
            return ChargeOutcome(
                status=PaymentStatus.CANCELED,
                transaction_id=request.transaction_id,
                data={"razorpay_status": payment.get("status"), "release": "refunded by Razorpay when it lapses"},
            )
        return ChargeOutcome(
            status=PaymentStatus.FAILED,
            transaction_id=request.transaction_id,
            failure_code=f"razorpay_{payment.get('status')}",
            failure_reason=f"the Razorpay payment is {payment.get('status')}; refund it instead",
        )

    async def refund(self, request: RefundRequest) -> RefundOutcome:
        payload = {
            "amount": fmt.razorpay_amount(request.amount),
            "speed": "normal",
            "receipt": request.refund_id[:40],
            "notes": {"refund_id": request.refund_id, "payment_id": request.payment_id},
        }
        response, body = await self._send(
            "POST",
            f"/v1/payments/{request.transaction_id}/refund",
            json=payload,
            moves_money=True,
            headers={"X-Refund-Idempotency": fmt.refund_idempotency_key(request.idempotency_key)},
        )
        if response.is_success:
            return fmt.refund_outcome(body)
        if response.status_code == 409:  # the same refund is still being processed at Razorpay
            return RefundOutcome(status=RefundStatus.PENDING)
        if response.status_code == 400:
            error = body.get("error") or {}
            return RefundOutcome(
                status=RefundStatus.FAILED, failure_reason=error.get("description") or error.get("code")
            )
        raise unexpected(response, self.name, (body.get("error") or {}).get("description", ""))

    async def verify_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookEvent:
        """X-Razorpay-Signature: hex HMAC-SHA256 of the raw body with the webhook secret."""
        require_secret(self._webhook_secrets, self.name)
        signature = header(headers, "X-Razorpay-Signature")
        expected = [hmac_sha256_hex(secret, body) for secret in self._webhook_secrets]
        if not signature or not any_matches(expected, [signature]):
            raise WebhookSignatureInvalid("X-Razorpay-Signature does not match", field="X-Razorpay-Signature")
        event_id = header(headers, "x-razorpay-event-id") or ""
        return fmt.to_event(event_id, json_body(body, self.name))
