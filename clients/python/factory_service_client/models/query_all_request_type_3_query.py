from enum import StrEnum


class QueryAllRequestType3Query(StrEnum):
    NOTIFICATION_DELIVERY_STATS = "notification_delivery_stats"

    def __str__(self) -> str:
        return str(self.value)
