from enum import StrEnum


class QueryRequestType1Query(StrEnum):
    PAYMENT_TOTALS_BY_GATEWAY = "payment_totals_by_gateway"

    def __str__(self) -> str:
        return str(self.value)
