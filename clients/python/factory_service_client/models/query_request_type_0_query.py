from enum import StrEnum


class QueryRequestType0Query(StrEnum):
    PAYMENTS_BY_USER = "payments_by_user"

    def __str__(self) -> str:
        return str(self.value)
