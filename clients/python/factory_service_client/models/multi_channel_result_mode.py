from enum import StrEnum


class MultiChannelResultMode(StrEnum):
    ALL = "all"
    FIRST_SUCCESS = "first_success"

    def __str__(self) -> str:
        return str(self.value)
