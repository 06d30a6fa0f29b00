from enum import StrEnum


class PaymentRequestPaymentSystemType0(StrEnum):
    BANK = "bank"
    GLOBAL = "global"
    INDIA = "india"
    MOBILE = "mobile"

    def __str__(self) -> str:
        return str(self.value)
