"""`make bench`: one-message logging through Application.process_update, against an echo bot.

Both bots run in the same process, on the same Bot API stand-in (flood limits and the rate limiter off,
so that Telegram's 30 messages a second do not cap both), in alternating rounds; the figures are medians.
The logging bot uses a SQLite file database, as a district's single process does.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, MessageHandler, filters

from bot.standin import FakeTelegram, StandInDriver
from models.organisation.members import member_by_telegram_id
from tests.harness import running_bot

ROUNDS = 5
PER_ROUND = 200
LINE = "/log 法律大集 {day} 幸福社区 {people}人 《民法典手册》300余份 《人民调解法》50份 联合城东派出所"


def line(n: int) -> str:
    """A different event each time (the same one again within a week is asked about, as a duplicate)."""
    day = date(2022, 1, 1) + timedelta(days=n % 160)
    return LINE.format(day=f"{day.month}月{day.day}日", people=100 + n)


async def echo(update: Update, _context: Any) -> None:
    message = update.effective_message
    if message is not None and message.text is not None:
        await message.reply_text(message.text)


async def echo_round(driver: StandInDriver, api: FakeTelegram) -> float:
    user = api.user("echo")
    updates = [api.text_update(user, line(n)) for n in range(PER_ROUND)]
    started = time.perf_counter()
    for update in updates:
        await driver.deliver(update)
    return PER_ROUND / (time.perf_counter() - started)


async def floor_round(bot: Any, user_id: int) -> float:
    """The least a logging update can cost here: one session, one SELECT, one commit, nothing else."""
    started = time.perf_counter()
    for _ in range(PER_ROUND):
        async with bot.sessions.begin() as session:
            await member_by_telegram_id(session=session, telegram_user_id=user_id)
    return PER_ROUND / (time.perf_counter() - started)


async def log_round(bot: Any, user: Any, first: int) -> tuple[float, float]:
    """Updates per second for /log alone, and events per second for /log + ✅ (each card saved before
    the next /log, as a worker does: a /log while a draft is open asks which to keep)."""
    logging = saving = 0.0
    for n in range(first, first + PER_ROUND):
        started = time.perf_counter()
        card = (await bot.driver.deliver(bot.api.text_update(user, line(n))))[0]
        logged = time.perf_counter()
        await bot.driver.deliver(bot.api.callback_update(user, card, "✅ 保存"))
        logging += logged - started
        saving += time.perf_counter() - logged
    return PER_ROUND / logging, PER_ROUND / (logging + saving)


async def main() -> None:
    echo_api = FakeTelegram(flood_limits=False)
    echo_app: Application[Any, Any, Any, Any, Any, Any] = (
        ApplicationBuilder()
        .token("123456:echo")
        .request(echo_api.request())
        .get_updates_request(echo_api.request())
        .build()
    )
    echo_app.add_handler(MessageHandler(filters.TEXT, echo))
    await echo_app.initialize()
    echo_driver = StandInDriver(echo_api, echo_app)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{folder}/bench.sqlite3"
        async with running_bot(url, rate_limiter=False, flood_limits=False, flood_burst=10**9) as bot:
            user = await bot.worker()
            await log_round(bot, user, 0)  # warm-up: caches, the first queries
            await echo_round(echo_driver, echo_api)
            echo_rates, log_rates, event_rates, floor_rates = [], [], [], []
            for round_ in range(ROUNDS):
                echo_rates.append(await echo_round(echo_driver, echo_api))
                floor_rates.append(await floor_round(bot, user.id))
                log_rate, event_rate = await log_round(bot, user, (round_ + 1) * PER_ROUND)
                log_rates.append(log_rate)
                event_rates.append(event_rate)
    await echo_app.shutdown()
    echo_median, log_median = statistics.median(echo_rates), statistics.median(log_rates)
    event_median, floor_median = statistics.median(event_rates), statistics.median(floor_rates)
    print(f"{ROUNDS} rounds of {PER_ROUND} updates each, medians (updates per second):")
    print(f"  echo handler                {echo_median:8.1f}")
    print(
        f"  one SELECT in a transaction {floor_median:8.1f}   ratio to echo {floor_median / echo_median:.2f}"
    )
    print(f"  /log message, card shown    {log_median:8.1f}   ratio to echo {log_median / echo_median:.2f}")
    print(
        f"  /log + ✅, event saved       {2 * event_median:8.1f}   ratio to echo "
        f"{2 * event_median / echo_median:.2f}   ({event_median:.1f} events per second)"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    asyncio.run(main())
