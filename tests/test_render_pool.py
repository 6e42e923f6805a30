"""Charts are drawn in a bounded pool: when it is full, the next coordinator is told to try again later."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

import bot.handlers.reports
from bot.charts import render_weekly_chart
from bot.render_pool import RenderBusy, RenderPool
from models.organisation.members import Role
from tests.harness import BotUnderTest


@pytest.mark.settings(render_workers=1, render_waiting=0)
async def test_a_chart_asked_while_the_pool_is_full_gets_a_try_again_reply(
    tg: BotUnderTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawing, finish = threading.Event(), threading.Event()

    def slow_render(*args: Any, **kwargs: Any) -> bytes:
        drawing.set()
        finish.wait(timeout=10)
        return render_weekly_chart(*args, **kwargs)

    monkeypatch.setattr(bot.handlers.reports, "render_weekly_chart", slow_render)
    first = await tg.worker("王芳", role=Role.COORDINATOR)
    second = await tg.worker("李明", area="阳光社区", role=Role.COORDINATOR)
    held = asyncio.create_task(tg.send(first, "/chart"))
    await asyncio.to_thread(drawing.wait, 5)
    [busy] = await asyncio.wait_for(tg.send(second, "/chart"), timeout=5)
    assert busy.shown_text.startswith("正在为其他人生成图表和文档，请")
    finish.set()
    await asyncio.wait_for(held, timeout=15)
    assert tg.api.messages_in(first)[-1].photo


async def test_the_pool_refuses_at_once_beyond_its_queue_and_takes_work_again_after() -> None:
    pool = RenderPool(1, 1)
    release = threading.Event()
    running = [asyncio.create_task(pool.run(release.wait, 5)) for _ in range(2)]
    await asyncio.sleep(0.05)
    with pytest.raises(RenderBusy) as refused:
        await pool.run(sum, [1, 2])
    assert refused.value.retry_after >= 5
    release.set()
    await asyncio.gather(*running)
    assert await pool.run(sum, [1, 2]) == 3
    pool.close()


@pytest.mark.settings(render_workers=1, render_waiting=0)
async def test_an_export_asked_while_the_pool_is_full_is_told_how_long_to_wait(tg: BotUnderTest) -> None:
    coordinator = await tg.worker("王芳", role=Role.COORDINATOR)
    release = threading.Event()
    pool = tg.app.bot_data.renders
    held = asyncio.create_task(pool.run(release.wait, 10))
    await asyncio.sleep(0.05)
    [busy] = await tg.send(coordinator, "/export")
    assert busy.shown_text.startswith("正在为其他人生成图表和文档，请")
    assert tg.api.files_sent == []
    release.set()
    await held
    [sent] = await tg.send(coordinator, "/export")
    assert sent.document is not None


async def test_a_fed_job_reads_on_the_loop_and_writes_in_the_pool() -> None:
    pool = RenderPool(1, 0)
    writer_threads: set[str] = set()

    async def batches() -> Any:
        for start in range(0, 100, 10):
            yield list(range(start, start + 10))

    def total(items: Any) -> int:
        writer_threads.add(threading.current_thread().name)
        return sum(sum(batch) for batch in items)

    assert await pool.run_fed(total, batches()) == sum(range(100))
    assert [name.startswith("render") for name in writer_threads] == [True]
    pool.close()
