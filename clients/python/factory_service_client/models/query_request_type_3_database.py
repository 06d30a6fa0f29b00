from enum import StrEnum


class QueryRequestType3Database(StrEnum):
    SQLITE = "sqlite"

    def __str__(self) -> str:
        return str(self.value)
