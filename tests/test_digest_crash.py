"""A real bot process killed with SIGKILL in the middle of a digest fan-out, then started again.

`python -m bot.cli run` talks over HTTP to the stand-in (bot/standin/http.py), flood limits on (30
messages a second, 20 a minute per group) and 100 ms a round trip, on a temporary SQLite file. 150 group
chats are subscribed and last week's digest is owed, so the start-up catch-up sends 300 messages (text
and chart per chat), about ten seconds' worth. The process is killed once 60 texts have been answered,
the claims it held are counted (each is a request on the wire, or answered and not yet recorded), and a
second process is started. At the stand-in: every chat got its text and its chart; a message sent twice
may only be one of the requests in flight at the kill; the restarted process served everything within
30 s. A request the stand-in had received when the bot died is still posted, as Telegram would post it.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import insert
from sqlmodel import select

from bot.standin import FakeTelegram
from bot.standin.http import StandInHttpServer
from models.db import create_engine, session_maker
from models.organisation.areas import ensure_root_area
from models.scheduling.digests import DeliveryStatus, DigestDelivery, DigestSubscription

CHATS = 150
KILL_AFTER_TEXTS = 60
LATENCY = 0.1  # seconds a request takes to Telegram and back
RESUME_WITHIN = 30.0  # seconds from the restart until every chat has its digest
ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456:" + "A" * 35
ZONE = "Asia/Shanghai"

Sends = Counter[tuple[str, int]]


def sends(api: FakeTelegram) -> Sends:
    """(method, chat) of every digest message the stand-in accepted."""
    return Counter(
        (call.method, int(call.params["chat_id"]))
        for call in api.calls
        if call.method in ("sendMessage", "sendPhoto") and call.status == 200
    )


async def subscribe(database_url: str, chat_ids: list[int]) -> None:
    """Every chat subscribed two days ago to a digest due yesterday at 00:00: one week owed each."""
    now = datetime.now(UTC)
    yesterday = (now.astimezone(ZoneInfo(ZONE)) - timedelta(days=1)).date()
    engine = create_engine(database_url)
    async with session_maker(engine).begin() as session:
        root = await ensure_root_area(session=session)
        rows = [
            {
                "chat_id": chat_id,
                "area_id": root.id,
                "weekday": yesterday.weekday(),
                "minute": 0,
                "timezone": ZONE,
                "language": "zh",
                "active": True,
                "active_since": now - timedelta(days=2),
                "updated_at": now,
            }
            for chat_id in chat_ids
        ]
        await session.exec(insert(DigestSubscription).values(rows))
    await engine.dispose()


async def claims_held(database_url: str) -> int:
    engine = create_engine(database_url)
    async with session_maker(engine)() as session:
        rows = await session.exec(
            select(DigestDelivery).where(DigestDelivery.status == DeliveryStatus.CLAIMED)
        )
        held = len(list(rows))
    await engine.dispose()
    return held


def wait_for(check: Callable[[], bool], *, timeout: float, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert process.poll() is None, f"the bot exited with {process.returncode}"
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_bot_killed_mid_fan_out_posts_every_digest_once_but_for_the_requests_in_flight(
    tmp_path: Path,
) -> None:
    api = FakeTelegram()  # flood limits on, in real time
    chat_ids = [api.group(f"领导群{n}").id for n in range(CHATS)]
    database_url = f"sqlite+aiosqlite:///{tmp_path}/bot.sqlite3"
    with StandInHttpServer(api, latency=LATENCY) as server:
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": server.url,
            "DATABASE_URL": database_url,
            "TIMEZONE": ZONE,
        }
        env.pop("WEBHOOK_URL", None)

        def start(name: str) -> subprocess.Popen[bytes]:
            log = (tmp_path / f"{name}.log").open("wb")
            command = [sys.executable, "-m", "bot.cli", "run"]
            return subprocess.Popen(command, cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)

        migrate = [sys.executable, "-m", "bot.cli", "migrate"]
        subprocess.run(migrate, cwd=tmp_path, env=env, check=True, capture_output=True)
        asyncio.run(subscribe(database_url, chat_ids))

        def texts() -> int:
            return server.inspect(lambda a: sum(n for (m, _c), n in sends(a).items() if m == "sendMessage"))

        first = start("first")
        try:
            wait_for(lambda: texts() >= KILL_AFTER_TEXTS, timeout=60, process=first)
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait()
        at_kill = server.inspect(sends)
        unanswered = server.inspect(lambda _api: server.unanswered)
        in_flight = asyncio.run(claims_held(database_url))

        second = start("second")
        restarted = time.monotonic()
        try:

            def all_served() -> bool:
                sent = server.inspect(sends)
                return all(sent[("sendMessage", c)] and sent[("sendPhoto", c)] for c in chat_ids)

            wait_for(all_served, timeout=90, process=second)
            resumed_in = time.monotonic() - restarted
            time.sleep(1)  # anything still coming would be a duplicate
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(30)
        final = server.inspect(sends)
        refusals = server.inspect(lambda a: [(c.method, c.description) for c in a.refused])

    duplicates = sum(n - 1 for n in final.values() if n > 1)
    print(
        f"\nkilled after {sum(at_kill.values())} digest messages "
        f"({sum(n for (m, _c), n in at_kill.items() if m == 'sendMessage')} texts); "
        f"claims held at the kill (requests in flight): {in_flight}, {unanswered} of them unanswered at "
        f"the stand-in; duplicates: {duplicates}; "
        f"every chat served {resumed_in:.1f} s after the restart"
    )
    assert set(final) == {(m, c) for m in ("sendMessage", "sendPhoto") for c in chat_ids}
    assert duplicates <= in_flight
    assert resumed_in < RESUME_WITHIN
    assert [r for r in refusals if "Too Many Requests" not in (r[1] or "")] == []
