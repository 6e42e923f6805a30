"""Start-up checks: the database and the Bot API answer, before the bot says it is ready.

Settings (bot/config.py) check what a value looks like; these check that it works. Each problem names the
key to fix, so the operator reads one line instead of a traceback.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from telegram import Bot
from telegram.error import InvalidToken, TelegramError
from telegram.request import BaseRequest

from bot.config import Settings
from models.db import create_engine, sqlite_path

DATABASE_CHECK_SECONDS = 10.0
BOT_API_CHECK_SECONDS = 10.0  # PTB's own timeouts are 5 s a request


@dataclass(frozen=True)
class Problem:
    key: str
    reason: str

    def __str__(self) -> str:
        return f"configuration error: {self.key}: {self.reason}"


async def check_start_up(
    settings: Settings, *, telegram: bool, request: BaseRequest | None = None
) -> list[Problem]:
    """What stops the bot from working; `telegram` also asks the Bot API (`request` replaces HTTP)."""
    problems = []
    reason = await database_problem(settings.database_url)
    if reason is not None:
        problems.append(Problem("DATABASE_URL", reason))
    if telegram and settings.token is not None:
        found = await bot_api_problem(settings, request=request)
        if found is not None:
            problems.append(found)
    return problems


async def database_problem(database_url: str) -> str | None:
    """Why the database cannot be used (unreachable, missing, not a database, read-only), or None."""
    url = make_url(database_url)
    sqlite = url.get_backend_name() == "sqlite"
    path = sqlite_path(url) if sqlite else None
    if path is not None:
        folder = path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            return f"{folder} is a file, not a folder"
        except OSError as error:
            return f"cannot create the folder {folder}: {error.strerror}"
        if not os.access(folder, os.W_OK | os.X_OK):
            return f"cannot write in {folder} (SQLite keeps its journal beside the file)"
    engine = create_engine(database_url)
    try:
        async with asyncio.timeout(DATABASE_CHECK_SECONDS), engine.connect() as connection:
            if sqlite:
                # Reading the header tells a database from any other file; writing back the version it
                # has, rolled back, tells whether the file may be written.
                version = (await connection.exec_driver_sql("PRAGMA user_version")).scalar_one()
                await connection.exec_driver_sql("BEGIN IMMEDIATE")
                await connection.exec_driver_sql(f"PRAGMA user_version = {int(version)}")
                await connection.rollback()
            else:
                await connection.execute(text("SELECT 1"))
    except TimeoutError:
        return f"no answer within {DATABASE_CHECK_SECONDS:.0f} s"
    except DBAPIError as error:
        return f"{path}: {error.orig}" if path is not None else str(error.orig)
    except OSError as error:
        return f"cannot connect to {url.render_as_string(hide_password=True)}: {error}"
    except SQLAlchemyError as error:
        return str(error)
    finally:
        await engine.dispose()
    return None


async def bot_api_problem(settings: Settings, *, request: BaseRequest | None = None) -> Problem | None:
    """Ask the Bot API who we are (getMe): it must answer, and accept the token."""
    assert settings.token is not None
    base = settings.telegram_api_base_url
    bot = Bot(settings.token, base_url=f"{base}/bot", base_file_url=f"{base}/file/bot", request=request)
    try:
        async with asyncio.timeout(BOT_API_CHECK_SECONDS), bot:
            pass  # entering calls getMe
    except InvalidToken:
        return Problem("TELEGRAM_BOT_TOKEN", f"{base} does not accept this token (getMe was refused)")
    except TimeoutError:
        return Problem("TELEGRAM_API_BASE_URL", f"no answer from {base} within {BOT_API_CHECK_SECONDS:.0f} s")
    except TelegramError as error:
        return Problem("TELEGRAM_API_BASE_URL", f"cannot reach {base}: {error.message}")
    return None
