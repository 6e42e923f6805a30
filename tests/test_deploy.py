"""The deployment files work as shipped: systemd accepts the units, nginx the site, and the site fails
over to the second replica when the first is down and keeps /metrics private."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.harness import BotUnderTest
from tests.replica_stand import free_port
from tests.webhook_client import SECRET, serving

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
INSTALLED = "/opt/pufa-bot/.venv/bin/pufa-bot"
OPENSSL = ("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost")


def needs(program: str) -> str:
    found = shutil.which(program)
    if found is None:
        pytest.skip(f"{program} is not installed (apt-get install {program})")
    return found


def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    analyze = needs("systemd-analyze")
    here = str(Path(sys.executable).parent / "pufa-bot")  # the units name the installed entry point
    names = {
        "pufa-bot@.service": "pufa-bot@8081.service",
        "pufa-bot-backup.service": "pufa-bot-backup.service",
        "pufa-bot-backup.timer": "pufa-bot-backup.timer",
    }
    for source, target in names.items():
        (tmp_path / target).write_text((DEPLOY / source).read_text().replace(INSTALLED, here))
    files = [str(tmp_path / name) for name in names.values()]
    checked = subprocess.run([analyze, "verify", "--man=no", *files], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert "pufa-bot" not in checked.stderr, checked.stderr


def nginx_site(tmp_path: Path, *, listen: int, replicas: tuple[int, int]) -> Path:
    """The shipped site with a throwaway certificate, local ports, and nginx's files under tmp_path."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [*OPENSSL, "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    site = (
        (DEPLOY / "nginx-pufa-bot.conf")
        .read_text()
        .replace("/etc/letsencrypt/live/bot.example.org/fullchain.pem", str(cert))
        .replace("/etc/letsencrypt/live/bot.example.org/privkey.pem", str(key))
        .replace("listen 443 ssl;", f"listen 127.0.0.1:{listen} ssl;")
        .replace("127.0.0.1:8081", f"127.0.0.1:{replicas[0]}")
        .replace("127.0.0.1:8082", f"127.0.0.1:{replicas[1]}")
    )
    (tmp_path / "site.conf").write_text(site)
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\naccess_log {tmp_path}/access.log;\ninclude {tmp_path}/site.conf;\n}}\n"
    )
    return main


def test_nginx_accepts_the_site(tmp_path: Path) -> None:
    nginx = needs("nginx")
    main = nginx_site(tmp_path, listen=free_port(), replicas=(8081, 8082))
    checked = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(main)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr


async def test_the_site_sends_an_update_on_to_the_live_replica_and_hides_metrics(
    tg: BotUnderTest, tmp_path: Path
) -> None:
    nginx = needs("nginx")
    worker = await tg.worker("王芳")
    port = free_port()
    async with serving(tg) as hook:
        live = int(hook.url.rsplit(":", 1)[1])
        main = nginx_site(tmp_path, listen=port, replicas=(free_port(), live))  # the first one is down
        server = await asyncio.create_subprocess_exec(
            nginx, "-p", str(tmp_path), "-c", str(main), "-g", "daemon off;"
        )
        try:
            async with httpx.AsyncClient(verify=False, timeout=10) as client:
                url = f"https://127.0.0.1:{port}"
                for _ in range(50):  # until nginx listens
                    try:
                        await client.get(url + "/healthz")
                        break
                    except httpx.TransportError:
                        await asyncio.sleep(0.1)
                headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
                answers = [
                    await client.post(
                        url + "/telegram/hook", json=tg.api.text_update(worker, "/help"), headers=headers
                    )
                    for _ in range(4)
                ]
                metrics = await client.get(url + "/metrics")
                too_big = await client.post(url + "/telegram/hook", content=b"x" * (2 << 20), headers=headers)
        finally:
            server.terminate()
            await server.wait()
    assert [a.status_code for a in answers] == [200] * 4
    assert metrics.status_code == 404
    assert too_big.status_code == 413
