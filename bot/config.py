"""Settings, read once at start-up from the environment and `.env`, and passed down from there."""

from __future__ import annotations

import re
from datetime import time, timedelta
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from models.reporting.report import load_template
from models.reporting.template_check import template_problem

# BotFather's tokens look like 123456789:AAH…; anything else is a paste mistake or the .env.example text.
_TOKEN = re.compile(r"^\d{5,}:[A-Za-z0-9_-]{30,}$")
_PLACEHOLDER = re.compile(r"^(|changeme|change-me|your[-_ ].*|<.*>|x+|\.\.\.)$", re.IGNORECASE)


class Settings(BaseSettings):
    """Everything the operator configures; see .env.example for each key."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = "https://api.telegram.org"
    database_url: str = "sqlite+aiosqlite:///data/pufa.sqlite3"
    timezone: str = "Asia/Shanghai"
    admin_user_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    default_language: str = "zh"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    port: int = Field(default=8443, ge=1, le=65535)
    nudge_weekday: int = Field(default=4, ge=0, le=6)  # 0 = Monday … 4 = Friday
    nudge_time: time = time(16, 0)
    heads_up_time: time = time(9, 0)
    database_retry_seconds: float = Field(default=20.0, ge=0, le=300)
    # A digest sender that has not renewed its claim on a chat's week for this long is presumed dead.
    digest_claim_lease_seconds: int = Field(default=15, ge=3, le=600)
    report_template: str | None = None  # the office's copy of models/reporting/templates/report_section.zh.j2
    max_concurrent_updates: int = Field(default=8, ge=1, le=256)  # handlers running at once, all users
    flood_burst: int = Field(default=20, ge=1)  # messages and presses one user may send at once …
    flood_refill_per_second: float = Field(default=1.0, gt=0)  # … and then this many a second
    render_workers: int = Field(default=1, ge=1, le=32)  # charts and .docx files drawn at once …
    render_waiting: int = Field(default=3, ge=0)  # … and waiting; beyond that the user is told "busy"
    # Production on several machines (docs/deploy.md).
    listen_host: str = "127.0.0.1"  # the webhook endpoint's address; 0.0.0.0 listens on every interface
    allow_insecure_webhook: bool = False  # accept an http:// WEBHOOK_URL: for tests only
    log_format: Literal["text", "json"] = "text"
    leader_retry_seconds: float = Field(default=3.0, ge=0.2, le=60)  # job-lock heartbeat and bids
    shutdown_grace_seconds: float = Field(default=20.0, ge=0, le=600)  # for updates in flight at SIGTERM

    @field_validator("telegram_bot_token", mode="before")
    @classmethod
    def _token(cls, value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None  # no token: the offline console
        if not isinstance(value, str) or not _TOKEN.match(value.strip()):
            raise ValueError("TELEGRAM_BOT_TOKEN does not look like a token from @BotFather (123456:ABC…)")
        return value.strip()

    @field_validator("telegram_api_base_url", mode="before")
    @classmethod
    def _base_url_default(cls, value: object) -> object:
        return "https://api.telegram.org" if value in (None, "") else value

    @field_validator("telegram_api_base_url", "webhook_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        parsed = urlparse(value)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ValueError(f"{value!r} is not an http(s) URL")
        return value.rstrip("/")

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        usage = "use sqlite+aiosqlite:///path or postgresql+asyncpg://user@host/db"
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError(usage)
        try:
            url = make_url(value)
        except (ArgumentError, ValueError) as error:
            raise ValueError(f"not a database URL ({error}); {usage}") from error
        if url.get_backend_name() == "sqlite" and (url.host or not url.database):
            # sqlite+aiosqlite://name would be an empty database in memory, lost at every restart.
            raise ValueError(
                "a SQLite URL names a file after three slashes: sqlite+aiosqlite:///data/pufa.sqlite3"
            )
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r} (use a name like Asia/Shanghai)") from error
        return value

    @field_validator("admin_user_ids", mode="before")
    @classmethod
    def _admin_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p for p in re.split(r"[,\s]+", value.strip()) if p]
            if not all(p.isdigit() for p in parts):
                raise ValueError("ADMIN_USER_IDS takes numeric Telegram user ids separated by commas")
            return [int(p) for p in parts]
        return value

    @field_validator("default_language")
    @classmethod
    def _language(cls, value: str) -> str:
        if value not in ("zh", "en"):
            raise ValueError("DEFAULT_LANGUAGE is zh or en")
        return value

    @field_validator("webhook_secret", mode="before")
    @classmethod
    def _secret(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        value = value.strip()
        if not value:
            return None
        if _PLACEHOLDER.match(value):
            raise ValueError("WEBHOOK_SECRET still holds the placeholder from .env.example")
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value):
            raise ValueError("WEBHOOK_SECRET may hold only A-Z, a-z, 0-9, _ and - (Telegram's rule)")
        return value

    @field_validator("report_template", mode="before")
    @classmethod
    def _report_template(cls, value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if not isinstance(value, str) or not Path(value.strip()).is_file():
            raise ValueError(f"REPORT_TEMPLATE names no readable file: {value!r}")
        path = value.strip()
        try:
            problem = template_problem(load_template(path))
        except (OSError, UnicodeDecodeError) as error:
            problem = f"cannot read it as UTF-8 text ({error})"
        if problem is not None:
            raise ValueError(f"{path}: {problem}")
        return path

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        # Without the secret anyone who learns the URL could post updates in an admin's name.
        if self.webhook_url and self.webhook_secret is None:
            raise ValueError("WEBHOOK_SECRET is required when WEBHOOK_URL is set")
        return self

    @model_validator(mode="after")
    def _webhook_https(self) -> Settings:
        # Telegram posts updates only to https; plain http would carry the secret header in the clear.
        if (
            self.webhook_url
            and not self.webhook_url.startswith("https://")
            and not self.allow_insecure_webhook
        ):
            raise ValueError("WEBHOOK_URL must start with https:// (ALLOW_INSECURE_WEBHOOK=1 is for tests)")
        return self

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def digest_claim_lease(self) -> timedelta:
        return timedelta(seconds=self.digest_claim_lease_seconds)

    @property
    def token(self) -> str | None:
        return self.telegram_bot_token.get_secret_value() if self.telegram_bot_token else None
