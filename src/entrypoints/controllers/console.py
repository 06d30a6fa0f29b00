"""GET /: the live web console; its assets and the offline Swagger UI are served from /static."""

from __future__ import annotations

from pathlib import Path

from litestar import get
from litestar.response import File
from litestar.static_files import create_static_files_router

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"


@get("/", include_in_schema=False, sync_to_thread=False)
def console() -> File:
    return File(STATIC_DIR / "console" / "index.html", content_disposition_type="inline", media_type="text/html")


static_files = create_static_files_router(path="/static", directories=[STATIC_DIR])
