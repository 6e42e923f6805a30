"""The Application factory: one place that wires settings, the database, handlers and jobs."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import cast

from telegram.constants import ParseMode
from telegram.ext import ApplicationBuilder, ContextTypes, Defaults
from telegram.request import BaseRequest

from bot.commands import register_commands
from bot.config import Settings
from bot.flood import FloodGuard, TokenBuckets
from bot.handlers import register_handlers
from bot.intake import note_handler_error
from bot.rate_limit import TelegramRateLimiter
from bot.state import AppState, PufaApplication
from bot.update_order import UserOrder
from jobs import register_jobs, stop_jobs
from models.catalog.tables import sync_shipped_catalog
from models.intake import install_claims
from models.migrate import hold_start_up_lock, upgrade_to_head

log = logging.getLogger(__name__)

# The offline console talks to the stand-in, which accepts any token of Telegram's shape.
CONSOLE_TOKEN = "123456:offline-console-token-not-for-telegram"


def build_application(
    settings: Settings,
    *,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    rate_limiter: bool = True,
    clock: Callable[[], datetime] | None = None,
    concurrent: bool = True,
) -> PufaApplication:
    """Build the bot; `request`s replace HTTP (the stand-in), `clock` replaces the system time in tests.

    `concurrent=False` gives PTB's one-update-at-a-time processing, without the flood guard: the
    benchmark's baseline.
    """
    builder = (
        ApplicationBuilder()
        .token(settings.token or CONSOLE_TOKEN)
        .base_url(f"{settings.telegram_api_base_url}/bot")
        .base_file_url(f"{settings.telegram_api_base_url}/file/bot")
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.tz))
        .context_types(ContextTypes(bot_data=AppState))
        .post_init(on_startup)
        .post_shutdown(on_shutdown)
    )
    if concurrent:
        builder = builder.concurrent_updates(user_order(settings))
    if request is not None:
        builder = builder.request(request).get_updates_request(get_updates_request or request)
    # Telegram's flood limits: 30 messages a second, 20 a minute per group; a 429 is retried a few times.
    # rate_limiter=False (benchmarks) sends without waiting.
    # The builder's generics cannot follow ContextTypes and the rate limiter through; the types match.
    application = cast(
        PufaApplication, builder.rate_limiter(TelegramRateLimiter(enabled=rate_limiter)).build()
    )
    application.bot_data.configure(settings, clock=clock)
    register_handlers(application)
    install_claims()  # a redelivered update's second effect is undone (models/intake.py)
    application.add_error_handler(note_handler_error)
    register_jobs(application)
    return application


def user_order(settings: Settings) -> UserOrder:
    """Users concurrently, each user's updates in order, floods turned away before any work."""
    buckets = TokenBuckets(settings.flood_burst, settings.flood_refill_per_second)
    guard = FloodGuard(buckets, default_language=settings.default_language)
    return UserOrder(settings.max_concurrent_updates, admission=guard)


async def on_startup(application: PufaApplication) -> None:
    """Migrate the database, load the shipped catalogues, register the command menu."""
    state: AppState = application.bot_data
    await upgrade_to_head(state.engine)
    async with state.sessions.begin() as session:
        await hold_start_up_lock(await session.connection())  # replicas starting together
        await sync_shipped_catalog(session=session)
    await register_commands(application, state.settings.default_language)
    log.info("pufa-bot ready on %s", state.engine.url.render_as_string(hide_password=True))


async def on_shutdown(application: PufaApplication) -> None:
    state: AppState = application.bot_data
    await stop_jobs(application)
    state.renders.close()
    await state.engine.dispose()
