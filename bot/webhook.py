"""The webhook endpoint, and /healthz, /readyz and /metrics beside it, on Tornado (PTB's webhook server).

An update is answered 200 only once its effect is committed (bot/intake.py), 503 when it should be sent
again. The secret header is checked before a byte of the body is read, and the body may not exceed
MAX_BODY, so an unauthenticated or oversized request costs nothing but its headers.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from telegram import Update
from tornado.http1connection import HTTP1Connection
from tornado.web import Application, RequestHandler, stream_request_body

from bot.intake import Outcome, take_update
from bot.metrics import WEBHOOK_REFUSED
from bot.state import PufaApplication
from jobs.leadership import job_lock
from models.migrate import at_head

log = logging.getLogger(__name__)

MAX_BODY = 1024 * 1024  # Telegram's updates are a few kilobytes; a megabyte leaves room for long texts
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
READY_CHECK_SECONDS = 3.0


class Intake:
    """What the endpoint shares: the bot, the secret, and the requests in flight (for a graceful stop)."""

    def __init__(self, application: PufaApplication, *, secret: str) -> None:
        self.application = application
        self.secret = secret.encode()
        self.draining = False
        self.in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()

    def started(self) -> None:
        self.in_flight += 1
        self._idle.clear()

    def finished(self) -> None:
        self.in_flight -= 1
        if self.in_flight == 0:
            self._idle.set()

    async def drained(self, *, seconds: float) -> bool:
        """Wait until no update is in flight (at most `seconds`); whether none is."""
        try:
            async with asyncio.timeout(seconds):
                await self._idle.wait()
        except TimeoutError:
            return False
        return True


@stream_request_body
class WebhookHandler(RequestHandler):
    def initialize(self, intake: Intake) -> None:
        self.intake = intake
        self.body = bytearray()

    def prepare(self) -> None:
        headers = self.request.headers
        length = headers.get("Content-Length", "0")
        if self.intake.draining:
            self.refuse(503, "stopping: send it to another replica")
        elif not hmac.compare_digest(headers.get(SECRET_HEADER, "").encode(), self.intake.secret):
            self.refuse(403, "wrong or missing secret token")
        elif headers.get("Content-Type", "").split(";")[0].strip().lower() != "application/json":
            self.refuse(415, "the body must be application/json")
        elif not length.isdigit() or int(length) > MAX_BODY:
            self.refuse(413, f"the body may not exceed {MAX_BODY} bytes")
        else:
            connection = self.request.connection
            assert isinstance(connection, HTTP1Connection)
            connection.set_max_body_size(MAX_BODY)  # a chunked body is cut off there too

    def data_received(self, chunk: bytes) -> None:
        if not self._finished:
            self.body += chunk

    def refuse(self, status: int, reason: str) -> None:
        WEBHOOK_REFUSED.labels(str(status)).inc()
        self.set_status(status)
        self.finish({"ok": False, "reason": reason})

    async def post(self) -> None:
        try:
            data = json.loads(self.body.decode("utf-8"))
        except UnicodeDecodeError:
            return self.refuse(400, "the body is not UTF-8")
        except ValueError:
            return self.refuse(400, "the body is not JSON")
        if not isinstance(data, dict) or type(data.get("update_id")) is not int:
            return self.refuse(400, "the body is not an update: no integer update_id")
        application = self.intake.application
        try:
            update = Update.de_json(data, application.bot)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            return self.refuse(400, f"the body is not an update: {error}")
        self.intake.started()
        try:
            outcome = await take_update(application, update)
        finally:
            self.intake.finished()
        if outcome is Outcome.RETRY:
            return self.refuse(503, "the database is unavailable; send it again")
        self.finish({"ok": True, "duplicate": outcome is Outcome.DUPLICATE})
        return None


class HealthHandler(RequestHandler):
    """The process is alive and its event loop answers."""

    def get(self) -> None:
        self.finish({"alive": True})


class ReadyHandler(RequestHandler):
    """Send it updates: the database answers, its schema is at head, and the replica is not stopping."""

    def initialize(self, intake: Intake) -> None:
        self.intake = intake

    async def get(self) -> None:
        state = self.intake.application.bot_data
        report: dict[str, Any] = {"leader": job_lock(state).is_leader, "stopping": self.intake.draining}
        try:
            async with asyncio.timeout(READY_CHECK_SECONDS):
                report["schema_at_head"] = await at_head(state.engine)
            report["database"] = "ok"
        except Exception as error:  # any failure to answer means: not ready
            report["database"] = f"unavailable: {type(error).__name__}: {error}"[:300]
        ready = report["database"] == "ok" and report.get("schema_at_head") and not self.intake.draining
        report["ready"] = bool(ready)
        self.set_status(200 if ready else 503)
        self.finish(report)


class MetricsHandler(RequestHandler):
    def get(self) -> None:
        self.set_header("Content-Type", CONTENT_TYPE_LATEST)
        self.finish(generate_latest())


def web_application(intake: Intake, *, webhook_path: str) -> Application:
    """The routes: the webhook at WEBHOOK_URL's path; health, readiness and metrics at fixed paths."""
    path = "/" + webhook_path.strip("/")
    return Application(
        [
            (path, WebhookHandler, {"intake": intake}),
            (r"/healthz", HealthHandler),
            (r"/readyz", ReadyHandler, {"intake": intake}),
            (r"/metrics", MetricsHandler),
        ]
    )
