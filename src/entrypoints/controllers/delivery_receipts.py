"""Delivery receipts from notification providers: Twilio's status callback and WhatsApp's
status webhook (with its GET subscription handshake). Raw bodies: signatures cover the bytes."""

from __future__ import annotations

from litestar import Controller, MediaType, Request, Response, get, post
from litestar.di import NamedDependency

from application.notifications.receipts import (
    HandleDeliveryReceipt,
    ReceiptCommand,
    ReceiptResult,
    VerifySubscription,
)


async def _command(provider: str, request: Request) -> ReceiptCommand:
    return ReceiptCommand(provider, str(request.url), dict(request.headers), await request.body())


class DeliveryReceiptsController(Controller):
    path = "/api/v1/webhooks"
    tags = ["webhooks"]

    @post("/twilio", status_code=200, summary="Twilio's message status callback (X-Twilio-Signature)")
    async def twilio(
        self, request: Request, handle_delivery_receipt: NamedDependency[HandleDeliveryReceipt]
    ) -> ReceiptResult:
        return await handle_delivery_receipt(await _command("twilio", request))

    @post("/whatsapp", status_code=200, summary="WhatsApp Cloud status webhook (X-Hub-Signature-256)")
    async def whatsapp(
        self, request: Request, handle_delivery_receipt: NamedDependency[HandleDeliveryReceipt]
    ) -> ReceiptResult:
        return await handle_delivery_receipt(await _command("whatsapp", request))

    @get("/whatsapp", summary="WhatsApp's subscription handshake: echoes hub.challenge")
    async def whatsapp_handshake(
        self, request: Request, verify_subscription: NamedDependency[VerifySubscription]
    ) -> Response[str]:
        challenge = verify_subscription("whatsapp", dict(request.query_params))
        return Response(challenge, media_type=MediaType.TEXT)
