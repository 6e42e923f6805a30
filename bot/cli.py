"""The `pufa-bot` command: run, console, migrate."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from urllib.parse import urlparse

from pydantic import ValidationError

from bot.config import Settings

CONSOLE_DATABASE_URL = "sqlite+aiosqlite:///data/console.sqlite3"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pufa-bot", description="The legal-education ledger bot.")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="run the bot (the offline console when no token is set)")
    commands.add_parser("console", help="the offline console: play users against the real bot")
    commands.add_parser("migrate", help="bring the database schema up to date")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        settings = Settings()
    except ValidationError as error:
        for problem in error.errors():
            key = str(problem["loc"][0]).upper() if problem["loc"] else "settings"
            print(f"configuration error: {key}: {problem['msg']}", file=sys.stderr)
        return 2
    command = args.command or "run"
    if command == "migrate":
        return asyncio.run(_migrate(settings))
    if command == "console" or settings.token is None:
        if command == "run":
            print("TELEGRAM_BOT_TOKEN is not set: starting the offline console instead.", flush=True)
        if "database_url" not in settings.model_fields_set:
            # Made-up console users must not land in the real ledger unless the operator asks for it.
            settings = settings.model_copy(update={"database_url": CONSOLE_DATABASE_URL})
        from bot.console import run_console

        return run_console(settings)
    return _run_bot(settings)


async def _migrate(settings: Settings) -> int:
    from models.db import create_engine
    from models.migrate import upgrade_to_head

    engine = create_engine(settings.database_url)
    try:
        await upgrade_to_head(engine)
    finally:
        await engine.dispose()
    print("database is up to date")
    return 0


def _run_bot(settings: Settings) -> int:
    from bot.application import build_application

    application = build_application(settings)
    if settings.webhook_url:
        secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
        application.run_webhook(
            listen="0.0.0.0",
            port=settings.port,
            url_path=urlparse(settings.webhook_url).path.lstrip("/"),
            webhook_url=settings.webhook_url,
            secret_token=secret,
        )
    else:
        application.run_polling()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
