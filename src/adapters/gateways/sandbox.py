"""A deterministic sandbox that stands in for one payment provider in the local profile.

Outcomes are chosen like Stripe's test cards, by the amount's last two minor-unit digits, or by
`metadata.sandbox_trigger` (which wins). The README's sandbox table documents the same rules.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from adapters.gateways.sandbox_ledger import SandboxLedger
from domain.errors import InvalidInput, ProviderUnavailable
from domain.payment import PaymentStatus, RefundStatus
from domain.ports import (
    ChargeOutcome,
    ChargeRequest,
    PaymentGateway,
    RefundOutcome,
    RefundRequest,
    WebhookEvent,
)

# minor units % 100 -> trigger; every other amount succeeds (bank_transfer: pending).
AMOUNT_TRIGGERS = {2: "decline", 95: "insufficient_funds", 3: "requires_action", 8: "timeout"}
TRIGGERS = ("success", "decline", "insufficient_funds", "requires_action", "timeout")
DECLINES = {"decline": "generic_decline", "insufficient_funds": "insufficient_funds"}
REFUND_DECLINE_CENTS = 5  # a refund whose amount ends in .05 is refused by the sandbox
# Status marker inside the transaction id, so fetch_status answers from the id alone.
_MARKERS = {
    PaymentStatus.SUCCEEDED: "ok",
    PaymentStatus.PENDING: "pd",
    PaymentStatus.REQUIRES_ACTION: "ra",
    PaymentStatus.FAILED: "dc",
}
_STATUS_OF = {marker: status for status, marker in _MARKERS.items()}
SANDBOX_HOST = "https://sandbox.factory.local"


def _charged(trigger: str) -> str:
    return "success" if trigger == "timeout" else trigger  # a timeout hides a successful charge


def trigger_of(request: ChargeRequest) -> str:
    named = request.metadata.get("sandbox_trigger") if request.metadata else None
    return named or AMOUNT_TRIGGERS.get(request.amount.minor % 100, "success")


class SandboxGateway(PaymentGateway):
    """Answers like a provider would, without the network; every outcome is reproducible.

    Like a real provider it remembers each idempotency key's answer, so a retry after a timeout
    gets the charge the provider made while the caller was no longer listening. With a
    `ledger_dir` that memory is a file (one line per charge), so it outlives our process too,
    and `latency_seconds` delays each answer after the charge is made, as a network would.
    """

    def __init__(
        self, name: str, remember: int = 10_000, *, ledger_dir: str = "", latency_seconds: float = 0.0
    ) -> None:
        self.name = name
        self._answers: OrderedDict[str, ChargeOutcome] = OrderedDict()
        self._remember = remember
        self._latency = latency_seconds
        self._ledger = SandboxLedger(ledger_dir, name) if ledger_dir else None
        for line in self._ledger.lines() if self._ledger else ():
            self._answers[line.key] = self._outcome(line.request(), _charged(line.trigger))

    def _digest(self, value: str) -> str:
        return hashlib.sha256(f"{self.name}:{value}".encode()).hexdigest()[:24]

    def validate(self, request: ChargeRequest) -> None:
        trigger = request.metadata.get("sandbox_trigger") if request.metadata else None
        if trigger is not None and trigger not in TRIGGERS:
            raise InvalidInput(
                f"unknown sandbox trigger '{trigger}'; known: {', '.join(TRIGGERS)}", field="metadata.sandbox_trigger"
            )
        if self.name == "digital_wallet" and not (request.wallet_details or {}).get("wallet_id"):
            raise InvalidInput("digital_wallet payments need the payer's wallet id", field="wallet_details.wallet_id")
        if request.bank_details is not None:
            account = str(request.bank_details.get("account_number") or "").replace(" ", "")
            if not (4 <= len(account) <= 34 and account.isalnum()):
                raise InvalidInput(
                    "account_number must be 4 to 34 letters or digits", field="bank_details.account_number"
                )
            if not str(request.bank_details.get("account_holder") or "").strip():
                raise InvalidInput("account_holder is required", field="bank_details.account_holder")

    async def process(self, request: ChargeRequest) -> ChargeOutcome:
        known = self._answers.get(request.idempotency_key)
        if known is not None:
            return known
        trigger = trigger_of(request)
        outcome = self._outcome(request, _charged(trigger))
        self._answers[request.idempotency_key] = outcome
        if self._ledger is not None:
            self._ledger.append(request, trigger)
        while len(self._answers) > self._remember:
            self._answers.popitem(last=False)
        if self._latency:
            await asyncio.sleep(self._latency)
        if trigger == "timeout":  # the charge went through; the answer never arrived
            raise ProviderUnavailable(
                f"{self.name} sandbox timed out", extra={"provider": self.name, "timeout": True, "indeterminate": True}
            )
        return outcome

    def _outcome(self, request: ChargeRequest, trigger: str) -> ChargeOutcome:
        if trigger in DECLINES:
            status = PaymentStatus.FAILED
        elif trigger == "requires_action":
            status = PaymentStatus.REQUIRES_ACTION
        else:
            status = PaymentStatus.PENDING if self.name == "bank_transfer" else PaymentStatus.SUCCEEDED
        transaction_id = f"sbx_{self.name}_{_MARKERS[status]}_{self._digest(request.idempotency_key)}"
        if status is PaymentStatus.FAILED:
            return ChargeOutcome(
                status=status,
                transaction_id=transaction_id,
                failure_code="card_declined",
                failure_reason=f"the card was declined ({DECLINES[trigger]})",
                data={"decline_code": DECLINES[trigger]},
            )
        if status is PaymentStatus.REQUIRES_ACTION:
            return ChargeOutcome(
                status=status,
                transaction_id=transaction_id,
                next_action_url=f"{SANDBOX_HOST}/{self.name}/authenticate/{transaction_id}",
            )
        data: dict[str, Any] = {"sandbox": True}
        if status is PaymentStatus.PENDING:
            data["transfer_instructions"] = self._instructions(request)
        return ChargeOutcome(status=status, transaction_id=transaction_id, data=data)

    def _instructions(self, request: ChargeRequest) -> dict[str, str]:
        reference = f"FS-{self._digest(request.payment_id)[:12].upper()}"
        return {
            "reference": reference,
            "beneficiary": "Factory Service Sandbox Ltd",
            "iban": "GB33SBOX00000012345678",
            "bic": "SBOXGB2L",
            "amount": str(request.amount),
            "currency": request.amount.currency,
            "note": "put the reference in the transfer's description",
        }

    async def refund(self, request: RefundRequest) -> RefundOutcome:
        if request.amount.minor % 100 == REFUND_DECLINE_CENTS:
            return RefundOutcome(status=RefundStatus.FAILED, failure_reason="the sandbox refuses refunds ending in .05")
        return RefundOutcome(
            status=RefundStatus.SUCCEEDED, gateway_refund_id=f"sbx_re_{self._digest(request.idempotency_key)}"
        )

    async def fetch_status(self, transaction_id: str) -> ChargeOutcome:
        parts = transaction_id.split("_")
        if len(parts) < 4 or parts[0] != "sbx" or parts[-2] not in _STATUS_OF:
            raise InvalidInput(f"'{transaction_id}' is not a {self.name} sandbox transaction", field="transaction_id")
        return ChargeOutcome(status=_STATUS_OF[parts[-2]], transaction_id=transaction_id)

    async def verify_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookEvent:
        raise InvalidInput(f"the {self.name} sandbox sends no webhooks", field="body")
