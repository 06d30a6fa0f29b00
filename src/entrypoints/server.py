"""uvicorn with a graceful drain: SIGTERM stops accepting, says 1001 to WebSockets, lets
in-flight requests finish within the deadline, runs the app's shutdown, and exits 0."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
from types import FrameType
from typing import Any

import structlog
import uvicorn

from entrypoints.shutdown import open_websockets

log = structlog.get_logger("server")
# After the in-flight deadline, the app's own shutdown (relay flush, producers, pools) gets this
# long before the process leaves anyway; resources should bound their own stop well inside it.
APP_SHUTDOWN_SECONDS = 10.0


class DrainingServer(uvicorn.Server):
    _wake: asyncio.Event | None = None
    _loop: asyncio.AbstractEventLoop | None = None

    async def main_loop(self) -> None:
        """uvicorn's own loop ticks ten times a second to notice a stop; its work (the Date
        header) is once a second. Ticking once a second, and woken at once by a signal, spares
        an idle instance nine wake-ups a second."""
        self._wake, self._loop = asyncio.Event(), asyncio.get_running_loop()
        counter = 0  # a multiple of ten: every tick refreshes the Date header
        should_exit = await self.on_tick(counter)
        while not should_exit:
            counter = (counter + 10) % 864000
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(1.0):
                    await self._wake.wait()
            should_exit = await self.on_tick(counter)

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        super().handle_exit(sig, frame)
        if self._wake is not None and self._loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop is already closed
                self._loop.call_soon_threadsafe(self._wake.set)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for server in self.servers:
            server.close()  # stop accepting first; uvicorn's own close below is then a no-op
        closed = await open_websockets.close_all()
        log.info("draining", websockets_closed=closed, deadline_s=self.config.timeout_graceful_shutdown)
        # uvicorn then waits for in-flight requests (up to timeout_graceful_shutdown), cancels
        # the rest, and sends lifespan.shutdown: the container's resources stop there.
        deadline = (self.config.timeout_graceful_shutdown or 0) + APP_SHUTDOWN_SECONDS
        try:
            async with asyncio.timeout(deadline):
                await super().shutdown(sockets)
        except TimeoutError:
            log.error("shutdown_deadline_exceeded", deadline_s=deadline)


def serve(app: str, *, host: str, port: int, workers: int, shutdown_timeout: float) -> int:
    options: dict[str, Any] = dict(
        host=host,
        port=port,
        workers=workers,
        loop="uvloop",
        http="httptools",
        ws="websockets-sansio",
        log_config=None,
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=shutdown_timeout,
    )
    # uvicorn re-raises the signal it caught once it has drained; with the default handler that
    # kills the process (exit 143). A no-op handler lets a clean drain exit 0.
    signal.signal(signal.SIGTERM, lambda *_: None)
    if workers > 1:
        # The multi-process supervisor makes its own servers: the drain is uvicorn's (WebSockets
        # get 1012). Prefer one worker per container and scale with containers.
        uvicorn.run(app, **options)
        return 0
    DrainingServer(uvicorn.Config(app, **options)).run()
    return 0
