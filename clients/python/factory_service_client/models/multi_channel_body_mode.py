from enum import StrEnum


class MultiChannelBodyMode(StrEnum):
    ALL = "all"
    FIRST_SUCCESS = "first_success"

    def __str__(self) -> str:
        return str(self.value)
