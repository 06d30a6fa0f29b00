"""POST /api/v1/notifications, POST /api/v1/notifications/multi-channel, GET one notification,
DELETE (cancel) a scheduled one."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec
from litestar import Controller, Request, Response, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, HeaderParameter, JSONBody

from application.notifications.get_notification import GetNotification
from application.notifications.scheduler import CancelNotification
from application.notifications.send_multichannel import (
    ChannelTarget,
    MultiChannelResult,
    SendMultiChannel,
    SendMultiChannelCommand,
)
from application.notifications.send_notification import (
    Category,
    ChannelName,
    DedupeKey,
    Locale,
    Recipient,
    SendNotification,
    SendNotificationCommand,
    Subject,
    TemplateName,
    Text,
    UserId,
)
from application.notifications.views import NotificationView
from domain.errors import InvalidInput

IdempotencyKey = Annotated[str | None, HeaderParameter(name="Idempotency-Key", required=False)]


class MultiChannelBody(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """`channels` holds `{"channel", "recipient"}` objects, or plain names whose recipients are
    in `recipients` (`{"channels": ["email", "sms"], "recipients": {"email": "..."}}`)."""

    channels: Annotated[list[ChannelTarget | ChannelName], msgspec.Meta(min_length=1, max_length=10)]
    recipients: dict[ChannelName, Recipient] = {}
    message: Text | None = None
    subject: Subject | None = None
    html: str | None = None
    user_id: UserId | None = None
    metadata: dict[str, Any] = {}
    mode: Literal["all", "first_success"] = "all"
    template: TemplateName | None = None
    data: dict[str, Any] = {}
    locale: Locale | None = None
    category: Category | None = None
    send_at: datetime | None = None
    dedupe_key: DedupeKey | None = None

    def command(self) -> SendMultiChannelCommand:
        targets = []
        for item in self.channels:
            if isinstance(item, str):
                if item not in self.recipients:
                    raise InvalidInput(f"no recipient given for channel '{item}'", field=f"recipients.{item}")
                item = ChannelTarget(item, self.recipients[item])
            targets.append(item)
        return SendMultiChannelCommand(
            targets=targets,
            message=self.message,
            subject=self.subject,
            html=self.html,
            user_id=self.user_id,
            metadata=self.metadata,
            mode=self.mode,
            template=self.template,
            data=self.data,
            locale=self.locale,
            category=self.category,
            send_at=self.send_at,
            dedupe_key=self.dedupe_key,
        )


def _operation(request: Request) -> str:
    return f"{request.method} {request.url.path.rstrip('/')}"


def _headers(replayed: bool, location: str | None = None) -> dict[str, str]:
    headers = {"Location": location} if location else {}
    if replayed:
        headers["Idempotent-Replayed"] = "true"
    return headers


class NotificationsController(Controller):
    path = "/api/v1/notifications"
    tags = ["notifications"]

    @post("/", status_code=201, summary="Send a notification over one channel")
    async def send(
        self,
        data: JSONBody[SendNotificationCommand],
        request: Request,
        send_notification: NamedDependency[SendNotification],
        idempotency_key: IdempotencyKey = None,
    ) -> Response[NotificationView]:
        sent = await send_notification(data, idempotency_key=idempotency_key, operation=_operation(request))
        location = f"/api/v1/notifications/{sent.notification.id}"
        return Response(sent.notification, status_code=201, headers=_headers(sent.replayed, location))

    @post(
        "/multi-channel", status_code=201, summary="Send one message over several channels (mode all or first_success)"
    )
    async def send_multi(
        self,
        data: JSONBody[MultiChannelBody],
        request: Request,
        send_multichannel: NamedDependency[SendMultiChannel],
        idempotency_key: IdempotencyKey = None,
    ) -> Response[MultiChannelResult]:
        sent = await send_multichannel(data.command(), idempotency_key=idempotency_key, operation=_operation(request))
        return Response(sent.result, status_code=201, headers=_headers(sent.replayed))

    @get("/{notification_id:str}", summary="A notification's delivery status and attempts")
    async def get_one(
        self, notification_id: FromPath[str], get_notification: NamedDependency[GetNotification]
    ) -> NotificationView:
        return await get_notification(notification_id)

    @delete(
        "/{notification_id:str}",
        status_code=200,
        summary="Cancel a scheduled notification (409 once it is being sent or has ended)",
    )
    async def cancel(
        self, notification_id: FromPath[str], cancel_notification: NamedDependency[CancelNotification]
    ) -> NotificationView:
        return await cancel_notification(notification_id)
