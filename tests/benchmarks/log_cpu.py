"""`make bench`: CPU per logged event (/log, then ✅) against the code as it was, in the same run.

The baseline is a commit (default 0db5f23, the last before issue 12's work, whose /log path the issue
measured), checked out into a temporary worktree. Each round runs one child process per checkout, in
alternating order: the real Application on a fresh SQLite file and the Bot API stand-in (its flood limits,
the rate limiter and the flood guard off), a worker who sends EVENTS different /log messages and presses
✅ on each card. A child reports the process CPU time (every thread: the event loop's and aiosqlite's)
per /log and per ✅, after a warm-up of the same length; the figures are medians over rounds, and the
ratio is the median of each round's ratio, so that the load of the machine in that round cancels out.
The stand-in's own work is in both figures alike.

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


def child(checkout: Path) -> dict[str, float]:
    environment = {**os.environ, "PYTHONPATH": str(checkout)}
    output = subprocess.run(
        [sys.executable, "-c", CHILD, str(EVENTS)],
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
            for round_ in range(arguments.rounds):
                pair = (baseline, ROOT) if round_ % 2 == 0 else (ROOT, baseline)
                figures = {checkout: child(checkout) for checkout in pair}
                before.append(figures[baseline])
                now.append(figures[ROOT])
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


if __name__ == "__main__":
    main()
