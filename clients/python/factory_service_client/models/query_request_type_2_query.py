from enum import StrEnum


class QueryRequestType2Query(StrEnum):
    RECENT_EVENTS = "recent_events"

    def __str__(self) -> str:
        return str(self.value)
