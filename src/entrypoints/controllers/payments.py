"""The payments API: create, read, list, refund, and the operator's bank-transfer confirm."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, HeaderParameter, JSONBody

from application.payments.capture_payment import CancelCommand, CancelPayment, CaptureCommand, CapturePayment
from application.payments.confirm_bank_transfer import ConfirmBankTransfer, ConfirmTransferCommand
from application.payments.fail_payment import FailPayment, FailPaymentCommand
from application.payments.get_payment import GetPayment
from application.payments.list_payments import ListPayments, PaymentPage, PaymentQuery
from application.payments.process_payment import CreatePayment, CreatePaymentCommand
from application.payments.refund_payment import RefundCommand, RefundPayment
from application.payments.requests import (
    CancelBody,
    CaptureBody,
    ConfirmBody,
    FailBody,
    PaymentRequest,
    RefundBody,
)
from application.payments.views import PaymentView, RefundResult
from entrypoints.answers import created_response

IdempotencyKey = Annotated[
    str | None,
    HeaderParameter(
        name="Idempotency-Key",
        required=False,
        description="Stripe semantics: a retry with the same key and body replays the first response for 24 hours",
    ),
]
OperatorToken = Annotated[str | None, HeaderParameter(name="X-Operator-Token", required=False)]


class PaymentsController(Controller):
    path = "/api/v1/payments"
    tags = ["payments"]

    @get("/", summary="Payments, newest first; pass next_cursor back as cursor", operation_id="listPayments")
    async def index(
        self,
        list_payments: NamedDependency[ListPayments],
        user_id: FromQuery[str | None] = None,
        status: FromQuery[str | None] = None,
        gateway: FromQuery[str | None] = None,
        limit: FromQuery[int] = 20,
        cursor: FromQuery[str | None] = None,
    ) -> PaymentPage:
        return await list_payments(
            PaymentQuery(user_id=user_id, status=status, gateway=gateway, limit=limit, cursor=cursor)
        )

    @post("/", summary="Create and process a payment", status_code=201, operation_id="createPayment")
    async def create(
        self,
        data: JSONBody[PaymentRequest],
        request: Request,
        create_payment: NamedDependency[CreatePayment],
        idempotency_key: IdempotencyKey = None,
    ) -> Response[PaymentView]:
        command = CreatePaymentCommand(data, idempotency_key, f"POST {request.url.path.rstrip('/')}")
        return created_response(await create_payment(command))

    @get("/{payment_id:str}", summary="One payment with its refunds and attempts", operation_id="getPayment")
    async def read(self, payment_id: FromPath[str], get_payment: NamedDependency[GetPayment]) -> PaymentView:
        return await get_payment(payment_id)

    @post(
        "/{payment_id:str}/refund",
        summary="Refund all or part of a payment",
        status_code=201,
        operation_id="refundPayment",
    )
    async def refund(
        self,
        payment_id: FromPath[str],
        request: Request,
        refund_payment: NamedDependency[RefundPayment],
        idempotency_key: IdempotencyKey = None,
        data: JSONBody[RefundBody | None] = None,
    ) -> Response[RefundResult]:
        command = RefundCommand(
            payment_id, data or RefundBody(), idempotency_key, f"POST {request.url.path.rstrip('/')}"
        )
        return created_response(await refund_payment(command))

    @post(
        "/{payment_id:str}/capture",
        summary="Capture all or part of an authorized payment; the rest is released",
        status_code=200,
        operation_id="capturePayment",
    )
    async def capture(
        self,
        payment_id: FromPath[str],
        request: Request,
        capture_payment: NamedDependency[CapturePayment],
        idempotency_key: IdempotencyKey = None,
        data: JSONBody[CaptureBody | None] = None,
    ) -> Response[PaymentView]:
        path = f"POST {request.url.path.rstrip('/')}"
        answer = await capture_payment(CaptureCommand(payment_id, data or CaptureBody(), idempotency_key, path))
        return created_response(answer, status_code=200)

    @post(
        "/{payment_id:str}/cancel",
        summary="Void an authorization that was not captured",
        status_code=200,
        operation_id="cancelPayment",
    )
    async def cancel(
        self,
        payment_id: FromPath[str],
        request: Request,
        cancel_payment: NamedDependency[CancelPayment],
        idempotency_key: IdempotencyKey = None,
        data: JSONBody[CancelBody | None] = None,
    ) -> Response[PaymentView]:
        path = f"POST {request.url.path.rstrip('/')}"
        answer = await cancel_payment(CancelCommand(payment_id, data or CancelBody(), idempotency_key, path))
        return created_response(answer, status_code=200)

    @post(
        "/{payment_id:str}/confirm",
        summary="Operator: a bank transfer arrived, or a payment awaiting review is accepted",
        status_code=200,
        operation_id="confirmPayment",
    )
    async def confirm(
        self,
        payment_id: FromPath[str],
        confirm_bank_transfer: NamedDependency[ConfirmBankTransfer],
        operator_token: OperatorToken = None,
        data: JSONBody[ConfirmBody | None] = None,
    ) -> PaymentView:
        return await confirm_bank_transfer(ConfirmTransferCommand(payment_id, operator_token, data or ConfirmBody()))

    @post(
        "/{payment_id:str}/fail",
        summary="Operator: a pending bank transfer or a payment awaiting review is failed",
        status_code=200,
        operation_id="failPayment",
    )
    async def fail(
        self,
        payment_id: FromPath[str],
        fail_payment: NamedDependency[FailPayment],
        operator_token: OperatorToken = None,
        data: JSONBody[FailBody | None] = None,
    ) -> PaymentView:
        return await fail_payment(FailPaymentCommand(payment_id, operator_token, data or FailBody()))
