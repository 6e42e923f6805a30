"""`make bench`: CPU per logged event (/log, then ✅) against the code as it was, in the same run.

The baseline is a commit (default 0db5f23, the last before issue 12's work, whose /log path the issue
measured), checked out into a temporary worktree. Each round runs one child process per checkout, in
alternating order: the real Application on a fresh SQLite file and the Bot API stand-in (its flood limits,
the rate limiter and the flood guard off), a worker who sends EVENTS different /log messages and presses
✅ on each card. A child reports the process CPU time (every thread: the event loop's and aiosqlite's)
per /log and per ✅, after a warm-up of the same length; the figures are medians over rounds, and the
ratio is the median of each round's ratio, so that the load of the machine in that round cancels out.
The stand-in's own work is in both figures alike.

The floor is a third child: a bare PTB Application on the same stand-in that answers each /log with a
card of the same size (13 lines, 15 buttons) and each ✅ with the same answer and edit, doing nothing else.
It is what PTB's objects and the stand-in cost per event whatever the bot does; the bot's own part is the
rest.

    python -m tests.benchmarks.log_cpu [--rounds 7] [--baseline 0db5f23]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EVENTS = 100

# Run in each checkout with only what both have: the harness, the driver and the stand-in's updates.
CHILD = r"""
import asyncio, json, sys, tempfile, time
from datetime import date, timedelta
from sqlalchemy import text
from tests.harness import running_bot

EVENTS = int(sys.argv[1])

def line(n):
    day = date(2022, 1, 1) + timedelta(days=n % 160)
    return (f"/log 法律大集 {day.month}月{day.day}日 幸福社区 {100 + n}人 《民法典手册》{300 + n}余份 "
            f"《人民调解法》50份 联合城东派出所")

async def events(bot, user, first):
    log = save = 0.0
    for n in range(first, first + EVENTS):
        started = time.process_time()
        card = (await bot.driver.deliver(bot.api.text_update(user, line(n))))[0]
        logged = time.process_time()
        await bot.driver.deliver(bot.api.callback_update(user, card, "✅ 保存"))
        log += logged - started
        save += time.process_time() - logged
    return log / EVENTS * 1000, save / EVENTS * 1000

async def main():
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{folder}/bench.sqlite3"
        async with running_bot(url, rate_limiter=False, flood_limits=False, flood_burst=10**9) as bot:
            user = await bot.worker()
            await events(bot, user, 0)
            log, save = await events(bot, user, EVENTS)
            async with bot.sessions() as session:
                saved = (await session.exec(text("SELECT count(*) FROM event"))).one()[0]
    assert saved == 2 * EVENTS, f"{saved} events saved of {2 * EVENTS}"
    print(json.dumps({"log": log, "save": save}))

asyncio.run(main())
"""

# The same Telegram traffic with no bot behind it: PTB's objects, its request path and the stand-in.
FLOOR = r"""
import asyncio, json, sys, time
from telegram import InlineKeyboardButton as B, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import Application, CallbackQueryHandler, CommandHandler
from bot.standin.driver import StandInDriver
from bot.standin.server import FakeTelegram

EVENTS = int(sys.argv[1])
CARD = "<b>请核对活动信息</b>\n" + "\n".join(f"字段{n}：民法典主题法律大集<i>（默认）</i>" for n in range(12))

async def log(update, context):
    draft = update.message.message_id
    rows = [[B(label, callback_data=f"d:{draft}:{label}") for label in ("✅ 保存", "✏️ 修改", "❌ 取消")]]
    rows += [[B(f"🗑 《民法典手册》{n}00份", callback_data=f"d:{draft}:rm:{n}-77607a23")] for n in (3, 2)]
    rows += [[B(f"字段{n + m}", callback_data=f"d:{draft}:go:{n + m}") for m in range(4)] for n in (0, 4)]
    rows += [[B("备注", callback_data=f"d:{draft}:go:note")]]
    await update.message.reply_text(CARD, parse_mode=ParseMode.HTML, reply_markup=InlineKeyboardMarkup(rows))

async def save(update, context):
    query = update.callback_query
    await query.answer("已保存，活动编号 #1。")
    await query.edit_message_text(CARD + "\n\n✅ 已保存，活动编号 #1。", parse_mode=ParseMode.HTML)

async def events(api, driver, user, first):
    spent = 0.0
    for n in range(first, first + EVENTS):
        started = time.process_time()
        card = (await driver.deliver(api.text_update(user, f"/log 法律大集 {n}")))[0]
        await driver.deliver(api.callback_update(user, card, "✅ 保存"))
        spent += time.process_time() - started
    return spent / EVENTS * 1000

async def main():
    api = FakeTelegram(flood_limits=False)
    app = Application.builder().token("123456:floor").request(api.request()).build()
    app.add_handlers([CommandHandler("log", log), CallbackQueryHandler(save)])
    driver = StandInDriver(api, app)
    user = api.user("王芳", language_code="zh-hans")
    async with app:
        await events(api, driver, user, 0)
        print(json.dumps({"floor": await events(api, driver, user, EVENTS)}))

asyncio.run(main())
"""


def child(checkout: Path, script: str = CHILD) -> dict[str, float]:
    environment = {**os.environ, "PYTHONPATH": str(checkout)}
    output = subprocess.run(
        [sys.executable, "-c", script, str(EVENTS)],
        cwd=checkout,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    figures: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--baseline", default="0db5f23")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        baseline = Path(folder) / "baseline"
        subprocess.run(
            ["git", "worktree", "add", "--detach", "--quiet", str(baseline), arguments.baseline],
            cwd=ROOT,
            check=True,
        )
        try:
            now: list[dict[str, float]] = []
            before: list[dict[str, float]] = []
            floor: list[float] = []
            for round_ in range(arguments.rounds):
                pair = (baseline, ROOT) if round_ % 2 == 0 else (ROOT, baseline)
                figures = {checkout: child(checkout) for checkout in pair}
                before.append(figures[baseline])
                now.append(figures[ROOT])
                floor.append(child(ROOT, FLOOR)["floor"])
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(baseline)], cwd=ROOT, check=True)
    load = os.getloadavg()[0]
    print(f"CPU per event, ms, medians of {arguments.rounds} rounds of {EVENTS} events (load {load:.1f}):")
    for part in ("log", "save"):
        b = statistics.median(r[part] for r in before)
        n = statistics.median(r[part] for r in now)
        print(f"  {'/log' if part == 'log' else '✅':5} {arguments.baseline} {b:6.2f}   now {n:6.2f}")
    totals = [(b["log"] + b["save"], n["log"] + n["save"]) for b, n in zip(before, now, strict=True)]
    ratio = statistics.median(n / b for b, n in totals)
    print(
        f"  /log + ✅ {arguments.baseline} {statistics.median(b for b, _ in totals):6.2f}   "
        f"now {statistics.median(n for _, n in totals):6.2f}   now/before {ratio:.2f} "
        "(median of per-round ratios)"
    )
    f = statistics.median(floor)
    share = statistics.median(x / (b["log"] + b["save"]) for x, b in zip(floor, before, strict=True))
    print(
        f"  floor (PTB and the stand-in, no bot) {f:6.2f}   = {share:.2f} of {arguments.baseline}; "
        f"the bot's own part: {arguments.baseline} "
        f"{statistics.median(b['log'] + b['save'] - x for b, x in zip(before, floor, strict=True)):6.2f}   "
        f"now {statistics.median(n['log'] + n['save'] - x for n, x in zip(now, floor, strict=True)):6.2f}"
    )


if __name__ == "__main__":
    main()
