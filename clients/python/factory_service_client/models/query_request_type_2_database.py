from enum import StrEnum


class QueryRequestType2Database(StrEnum):
    SQLITE = "sqlite"

    def __str__(self) -> str:
        return str(self.value)
