from enum import StrEnum


class PaymentAttemptViewGateway(StrEnum):
    BANK_TRANSFER = "bank_transfer"
    DIGITAL_WALLET = "digital_wallet"
    PAYPAL = "paypal"
    RAZORPAY = "razorpay"
    STRIPE = "stripe"

    def __str__(self) -> str:
        return str(self.value)
