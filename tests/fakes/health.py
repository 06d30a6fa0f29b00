"""A HealthCheck that is always down."""


class FailingCheck:
    async def ping(self) -> None:
        raise ConnectionError("refused")
