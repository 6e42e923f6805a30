"""Settings fail at start-up, naming the key, when a value is malformed or still a placeholder."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.cli import main
from bot.config import Settings

GOOD_TOKEN = "123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0"


def settings(**values: str) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def test_defaults_need_no_configuration() -> None:
    s = settings()
    assert s.token is None
    assert s.database_url.startswith("sqlite+aiosqlite:///data/")
    assert s.tz.key == "Asia/Shanghai"
    assert s.telegram_api_base_url == "https://api.telegram.org"


def test_values_are_read_and_normalised() -> None:
    s = settings(
        telegram_bot_token=f" {GOOD_TOKEN} ",
        admin_user_ids="123, 456 789",
        telegram_api_base_url="http://127.0.0.1:8081/",
        webhook_secret="s3cret_-X",
    )
    assert s.token == GOOD_TOKEN
    assert s.admin_user_ids == [123, 456, 789]
    assert s.telegram_api_base_url == "http://127.0.0.1:8081"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("telegram_bot_token", "your-token-here"),
        ("telegram_bot_token", "123:short"),
        ("admin_user_ids", "alice, 42"),
        ("timezone", "Mars/Olympus"),
        ("database_url", "mysql://root@localhost/pufa"),
        ("telegram_api_base_url", "api.telegram.org"),
        ("webhook_secret", "changeme"),
        ("webhook_secret", "has spaces!"),
        ("default_language", "fr"),
        ("port", "99999"),
    ],
)
def test_a_bad_value_is_refused(key: str, value: str) -> None:
    with pytest.raises(ValidationError) as error:
        settings(**{key: value})
    assert error.value.errors()[0]["loc"] == (key,)


def test_the_command_names_the_bad_key(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TIMEZONE", "Mars/Olympus")
    monkeypatch.chdir("/")  # no .env here
    assert main(["migrate"]) == 2
    assert "TIMEZONE" in capsys.readouterr().err
