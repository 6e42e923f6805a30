"""Run the bot as a webhook replica: our own endpoint (bot/webhook.py), the jobs, a graceful stop.

PTB's `run_webhook` answers Telegram before the update is processed; here the endpoint answers after
the effect is committed. SIGTERM (or SIGINT) stops intake (the listening socket closes, requests still
arriving on open connections get 503 and go to another replica), waits up to SHUTDOWN_GRACE_SECONDS for
the updates in flight, then stops the jobs and gives up the job lock, so another replica takes over at once.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from urllib.parse import urlparse

from telegram import Update
from tornado.httpserver import HTTPServer

from bot.application import build_application, on_shutdown, on_startup
from bot.config import Settings
from bot.webhook import MAX_BODY, Intake, web_application

log = logging.getLogger(__name__)


def run_replica(settings: Settings) -> int:
    return asyncio.run(serve_webhook(settings))


async def serve_webhook(settings: Settings, *, stop: asyncio.Event | None = None) -> int:
    assert settings.webhook_url is not None and settings.webhook_secret is not None
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    application = build_application(settings)
    await application.initialize()
    await on_startup(application)
    await application.start()  # the JobQueue; updates come from the endpoint, not the update queue
    secret = settings.webhook_secret.get_secret_value()
    intake = Intake(application, secret=secret)
    web = web_application(intake, webhook_path=urlparse(settings.webhook_url).path)
    server = HTTPServer(web, max_body_size=MAX_BODY, body_timeout=10, idle_connection_timeout=75)
    server.listen(settings.port, settings.listen_host)
    await application.bot.set_webhook(
        settings.webhook_url, secret_token=secret, allowed_updates=Update.ALL_TYPES
    )
    log.info("webhook replica listening on %s:%s", settings.listen_host, settings.port)
    try:
        await stop.wait()
    finally:
        log.info("stopping: no new updates, waiting for %d in flight", intake.in_flight)
        intake.draining = True
        server.stop()
        if not await intake.drained(seconds=settings.shutdown_grace_seconds):
            log.warning("%d updates still in flight after the grace period", intake.in_flight)
        await server.close_all_connections()
        await application.stop()
        await application.shutdown()
        await on_shutdown(application)  # gives up the job lock
        log.info("stopped")
    return 0
