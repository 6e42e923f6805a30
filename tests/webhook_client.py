"""The webhook endpoint of a bot under test, served on a free local port, and raw HTTP to reach it."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from bot.webhook import MAX_BODY, SECRET_HEADER, Intake, web_application
from tests.harness import BotUnderTest

SECRET = "test-secret_123"
PATH = "/telegram/hook"


@dataclass
class Endpoint:
    url: str
    intake: Intake
    client: httpx.AsyncClient

    async def post(self, update: dict[str, Any], *, secret: str = SECRET, **headers: str) -> httpx.Response:
        sent = {"Content-Type": "application/json", SECRET_HEADER: secret, **headers}
        return await self.client.post(self.url + PATH, content=json.dumps(update), headers=sent)

    async def raw(self, request: bytes, *, wait: float = 5.0) -> bytes:
        """Send `request` bytes as they are; return what comes back before the server answers or closes."""
        host, port = self.url.removeprefix("http://").split(":")
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            writer.write(request)
            await writer.drain()
            async with asyncio.timeout(wait):
                return await reader.read(65536)
        finally:
            writer.close()


@asynccontextmanager
async def serving(tg: BotUnderTest) -> AsyncIterator[Endpoint]:
    intake = Intake(tg.app, secret=SECRET)
    server = HTTPServer(web_application(intake, webhook_path=PATH), max_body_size=MAX_BODY)
    sockets = bind_sockets(0, "127.0.0.1")
    server.add_sockets(sockets)
    url = f"http://127.0.0.1:{sockets[0].getsockname()[1]}"
    async with httpx.AsyncClient(timeout=30) as client:
        try:
            yield Endpoint(url, intake, client)
        finally:
            server.stop()
            await server.close_all_connections()
