from enum import StrEnum


class NotificationViewChannel(StrEnum):
    EMAIL = "email"
    PUSH = "push"
    SLACK = "slack"
    SMS = "sms"
    WHATSAPP = "whatsapp"

    def __str__(self) -> str:
        return str(self.value)
