"""The web application: ``create_app(db_path)`` returns a FastAPI app serving the
JSON API (:mod:`eventwire.serve.api`, OpenAPI at /docs) and the dashboard pages
(:mod:`eventwire.serve.pages`) from one store.

Concurrency: the server owns the store. It opens the DuckDB file once, for
writing, and gives every request its own cursor (:meth:`Store.cursor`): reads see
the last committed write and never wait; articles posted to /articles are coded
and written through the same store (writes serialised by the store's lock), so
they are queryable as soon as the request returns. A second process cannot open
the file while the server runs; ingest through the server instead.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from eventwire import CODER_NAME, __version__
from eventwire.errors import EventwireError
from eventwire.pipeline import CoderConfig
from eventwire.store import Store

HERE = Path(__file__).resolve().parent
MAX_BODY_BYTES = 4 * 1024 * 1024  # one request: a few hundred articles; bigger corpora: eventwire ingest
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'none'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


class ServerState:
    """What every request shares: the store, and the coder (loaded on first use)."""

    def __init__(self, store: Store, coder_config: CoderConfig):
        self.store = store
        self.coder_config = coder_config
        self.ingest_lock = threading.Lock()  # one ingest at a time (they share one in-process coder)
        self.coder_lock = threading.Lock()
        self.claims_cache: dict[str, list] = {}  # article key -> its claims (eventwire.serve.claims)
        self._coder = None

    def coder(self):
        from eventwire.pipeline import Coder

        with self.coder_lock:
            if self._coder is None:
                self._coder = Coder(self.coder_config)
            return self._coder


def create_app(db_path: str, *, store: Store | None = None, coder_config: CoderConfig | None = None,
               max_body_bytes: int = MAX_BODY_BYTES) -> FastAPI:
    """The app over the store at ``db_path`` (created if missing). ``store``: an open
    store to serve instead (tests); the app closes the store it opened itself."""
    own = store is None
    store = store if store is not None else Store(db_path)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        if own:
            store.close()

    app = FastAPI(title="eventwire", version=__version__, lifespan=lifespan,
                  description=f"Political event data (CAMEO and PLOVER) from news text; coder {CODER_NAME}. "
                              "Errors are JSON: {\"error\": message}.")
    app.state.ew = ServerState(store, coder_config or CoderConfig())

    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)

    @app.middleware("http")
    async def _pages(request: Request, call_next):
        # a filter form sends its empty fields too (quad_class=&start=): drop them
        if request.method == "GET" and any(v == "" for _, v in request.query_params.multi_items()):
            kept = urlencode([(k, v) for k, v in request.query_params.multi_items() if v != ""])
            return RedirectResponse(f"{request.url.path}?{kept}" if kept else request.url.path, status_code=303)
        response = await call_next(request)
        if response.headers.get("content-type", "").startswith("text/html") and request.url.path != "/docs":
            # the dashboard runs no script at all: a stray one in the data could not run either
            response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response
    _error_handlers(app)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    from eventwire.serve import api, pages

    app.include_router(api.router)
    app.include_router(pages.router)
    return app


# --------------------------------------------------------------------------- errors

def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [_problem(e) for e in exc.errors()]
        return JSONResponse({"error": "; ".join(problems), "problems": problems}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        return JSONResponse({"error": message}, status_code=exc.status_code)

    @app.exception_handler(EventwireError)
    async def _eventwire(request: Request, exc: EventwireError) -> JSONResponse:
        return JSONResponse({"error": str(exc)}, status_code=400)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # a one-line message, never a traceback, reaches the client
        return JSONResponse({"error": f"internal error: {type(exc).__name__}"}, status_code=500)


def _problem(err: dict[str, Any]) -> str:
    where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "body", "path"))
    return f"{where or 'request'}: {err.get('msg', 'invalid')}"


# --------------------------------------------------------------------------- body size

class BodyLimit:
    """Refuses request bodies over ``max_bytes`` with 413: by Content-Length before
    reading, and by counting what arrives for bodies sent without one."""

    def __init__(self, app, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None:
            try:
                too_big = int(length) > self.max_bytes
            except ValueError:
                return await _send_json(send, 400, "bad Content-Length header")
            if too_big:
                return await _send_json(send, 413, f"request body over {self.max_bytes:,} bytes")
        seen, refused = 0, False

        async def counted():
            nonlocal seen, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    # answer now; the app sees the client gone and its own answer is dropped
                    refused = True
                    await _send_json(send, 413, f"request body over {self.max_bytes:,} bytes")
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message):
            if not refused:
                await send(message)

        await self.app(scope, counted, guarded_send)


async def _send_json(send, status: int, message: str) -> None:
    import json

    body = json.dumps({"error": message}).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
