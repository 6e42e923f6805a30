"""Real bot processes in webhook mode behind a small round-robin proxy, for the replica tests.

The proxy does what nginx's `proxy_next_upstream error timeout http_503 non_idempotent` does: a request
whose replica refuses the connection, drops it or answers 503 is sent to the next replica. The senders
play Telegram: an update is sent again until it gets a 2xx.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application, RequestHandler

from bot.webhook import SECRET_HEADER

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456:" + "A" * 35
SECRET = "replica-secret_42"
HOOK = "/telegram/hook"


def free_port() -> int:
    [sock] = bind_sockets(0, "127.0.0.1")
    port: int = sock.getsockname()[1]
    sock.close()
    return port


@dataclass
class Replica:
    name: str
    port: int
    log: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, env: dict[str, str], cwd: Path) -> None:
        out = self.log.open("wb")
        command = [sys.executable, "-m", "bot.cli", "run"]
        self.process = subprocess.Popen(
            command, cwd=cwd, env={**env, "PORT": str(self.port)}, stdout=out, stderr=subprocess.STDOUT
        )

    def kill(self, signum: int = signal.SIGKILL) -> None:
        assert self.process is not None
        self.process.send_signal(signum)

    def log_lines(self) -> list[dict[str, Any]]:
        """Every line the replica logged, each a JSON object (LOG_FORMAT=json)."""
        return [json.loads(line) for line in self.log.read_text("utf-8").splitlines() if line.strip()]


def replica_env(*, api_url: str, database_url: str, proxy_port: int) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": api_url,
        "DATABASE_URL": database_url,
        "WEBHOOK_URL": f"http://127.0.0.1:{proxy_port}{HOOK}",
        "WEBHOOK_SECRET": SECRET,
        "ALLOW_INSECURE_WEBHOOK": "1",
        "LISTEN_HOST": "127.0.0.1",
        "LOG_FORMAT": "json",
        "TIMEZONE": "Asia/Shanghai",
    }


async def status(client: httpx.AsyncClient, replica: Replica) -> dict[str, Any] | None:
    """The replica's /readyz answer, or None when it does not answer."""
    try:
        answer = await client.get(replica.url + "/readyz", timeout=2)
    except httpx.TransportError:
        return None
    found: dict[str, Any] = answer.json()
    return found


async def wait_ready(client: httpx.AsyncClient, replicas: list[Replica], *, within: float) -> None:
    deadline = time.monotonic() + within
    while True:
        answers = [await status(client, r) for r in replicas]
        if all(a is not None and a["ready"] for a in answers):
            return
        for replica in replicas:
            assert replica.process is not None
            assert replica.process.poll() is None, f"{replica.name} exited: {replica.log.read_text()[-3000:]}"
        assert time.monotonic() < deadline, f"not ready within {within} s: {answers}"
        await asyncio.sleep(0.2)


@dataclass
class RoundRobin:
    """The proxy's state: the replicas in turn, and how often a request had to go to the next one."""

    backends: list[str]
    client: httpx.AsyncClient
    retried: int = 0
    _turn: itertools.cycle[int] = field(init=False)

    def __post_init__(self) -> None:
        self._turn = itertools.cycle(range(len(self.backends)))

    async def forward(self, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        first = next(self._turn)
        for step in range(len(self.backends)):
            backend = self.backends[(first + step) % len(self.backends)]
            try:
                answer = await self.client.post(backend + path, content=body, headers=headers, timeout=30)
            except httpx.TransportError:
                self.retried += 1
                continue
            if answer.status_code != 503:
                return answer.status_code, answer.content
            self.retried += 1
        return 502, b'{"ok": false, "reason": "no replica answered"}'


class _ProxyHandler(RequestHandler):
    def initialize(self, proxy: RoundRobin) -> None:
        self.proxy = proxy

    async def post(self, path: str) -> None:
        keep = ("Content-Type", SECRET_HEADER)
        headers = {k: v for k, v in self.request.headers.items() if k in keep}
        code, body = await self.proxy.forward(path, self.request.body, headers)
        self.set_status(code)
        self.finish(body)


def start_proxy(proxy: RoundRobin, port: int) -> HTTPServer:
    server = HTTPServer(Application([(r"(/.*)", _ProxyHandler, {"proxy": proxy})]))
    server.add_sockets(bind_sockets(port, "127.0.0.1"))
    return server


async def deliver(client: httpx.AsyncClient, url: str, update: dict[str, Any]) -> int:
    """Send `update` as Telegram does, again after a pause until a 2xx; return how many tries it took."""
    headers = {"Content-Type": "application/json", SECRET_HEADER: SECRET}
    for attempt in itertools.count(1):
        try:
            answer = await client.post(url, content=json.dumps(update), headers=headers, timeout=30)
            if answer.status_code // 100 == 2:
                return attempt
        except httpx.TransportError:
            pass
        assert attempt < 20, f"update {update['update_id']} never accepted"
        await asyncio.sleep(0.5)
    raise AssertionError("unreachable")
