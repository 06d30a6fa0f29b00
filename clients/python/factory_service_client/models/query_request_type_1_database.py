from enum import StrEnum


class QueryRequestType1Database(StrEnum):
    SQLITE = "sqlite"

    def __str__(self) -> str:
        return str(self.value)
