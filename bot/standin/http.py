"""The stand-in served over HTTP, for a bot in another process: `TELEGRAM_API_BASE_URL=<server.url>`.

The bot talks to it as to api.telegram.org (PTB's own HTTPX transport, form and multipart bodies); the
server runs on its own thread and event loop, so a test keeps its thread to start, kill and wait for bot
processes. Read the stand-in's state through `inspect`, which runs on the server's loop.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application, RequestHandler

from bot.standin.model import JSONDict
from bot.standin.server import FakeTelegram
from bot.standin.spec import Upload

T = TypeVar("T")


class _MethodHandler(RequestHandler):
    def initialize(self, api: FakeTelegram, server: StandInHttpServer) -> None:
        self.api, self.server = api, server

    async def post(self, _token: str, method: str) -> None:
        spec = self.api.spec.methods.get(method)
        params: JSONDict = {}
        for name, values in self.request.body_arguments.items():
            field = spec.fields.get(name) if spec else None
            params[name] = _decode(
                values[-1].decode("utf-8"), plain_string=bool(field and field.types == ("String",))
            )
        uploads = {
            name: Upload(filename=f.filename, content=f.body, mimetype=f.content_type)
            for name, files in self.request.files.items()
            for f in files[-1:]
        }
        self.server.unanswered += 1
        try:
            # Half the latency before Telegram takes the request, half for its answer to travel back.
            await asyncio.sleep(self.server.latency / 2)
            status, body = await self.api.handle(method, params, uploads)
            await asyncio.sleep(self.server.latency / 2)
        finally:
            self.server.unanswered -= 1
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body, ensure_ascii=False).encode("utf-8"))

    get = post


class _FileHandler(RequestHandler):
    def initialize(self, api: FakeTelegram) -> None:
        self.api = api

    def get(self, _token: str, path: str) -> None:
        status, content = self.api.download(path)
        self.set_status(status)
        self.finish(content)


def _decode(value: str, *, plain_string: bool) -> object:
    """A form value as Telegram reads it: JSON where the parameter may be more than a string."""
    if plain_string:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


class StandInHttpServer:
    """Serve `api` on 127.0.0.1 (a free port) from a thread, until `stop`.

    `latency` (seconds) delays each method call as a trip to Telegram would: half before it is handled,
    half after, so a client that dies meanwhile may leave a message posted whose answer it never read.
    `unanswered` counts the calls received and not yet answered.
    """

    def __init__(self, api: FakeTelegram, *, host: str = "127.0.0.1", latency: float = 0.0) -> None:
        self.api, self.host, self.port, self.latency = api, host, 0, latency
        self.unanswered = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="standin-http", daemon=True)
        self._stopped: asyncio.Event | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> StandInHttpServer:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the stand-in's HTTP server did not start")
        return self

    def stop(self) -> None:
        if self._stopped is not None:
            self._loop.call_soon_threadsafe(self._stopped.set)
        self._thread.join(10)

    def inspect(self, look: Callable[[FakeTelegram], T]) -> T:
        """Run `look(api)` on the server's loop, so it sees the stand-in between requests, never mid-one."""

        async def run() -> T:
            return look(self.api)

        return asyncio.run_coroutine_threadsafe(run(), self._loop).result(10)

    def __enter__(self) -> StandInHttpServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._serve())
        self._loop.close()

    async def _serve(self) -> None:
        self._stopped = asyncio.Event()
        method_args: dict[str, Any] = {"api": self.api, "server": self}
        routes = [
            (r"/file/bot([^/]+)/(.+)", _FileHandler, {"api": self.api}),
            (r"/bot([^/]+)/([A-Za-z]+)", _MethodHandler, method_args),
        ]
        sockets = bind_sockets(0, self.host)
        self.port = sockets[0].getsockname()[1]
        server = HTTPServer(Application(routes))
        server.add_sockets(sockets)
        self._ready.set()
        await self._stopped.wait()
        server.stop()
        self.api.world.update_arrived.set()  # end the long polls still waiting
        await server.close_all_connections()
