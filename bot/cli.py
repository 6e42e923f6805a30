"""The `pufa-bot` command: run, console, migrate, areas import, rollups check|rebuild."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from pydantic import ValidationError

from bot.config import Settings
from bot.logs import configure_logging
from bot.preflight import check_start_up

CONSOLE_DATABASE_URL = "sqlite+aiosqlite:///data/console.sqlite3"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pufa-bot", description="The legal-education ledger bot.")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="run the bot (the offline console when no token is set)")
    commands.add_parser("console", help="the offline console: play users against the real bot")
    commands.add_parser("migrate", help="bring the database schema up to date")
    areas = commands.add_parser("areas", help="the area tree").add_subparsers(
        dest="areas_command", required=True
    )
    load = areas.add_parser(
        "import", help="add the areas of a CSV (街道,社区 per line) or YAML file; idempotent"
    )
    load.add_argument("file", type=Path, help=".csv (UTF-8 or GBK), .xlsx, .yaml")
    load.add_argument("--dry-run", action="store_true", help="show what would be added; change nothing")
    save = commands.add_parser("backup", help="write the whole database to FILE (docs/deploy.md)")
    save.add_argument("file", type=Path)
    save.add_argument("--logical", action="store_true", help="JSON lines, restorable into either database")
    commands.add_parser("restore", help="load a backup FILE into an empty database").add_argument(
        "file", type=Path
    )
    rollups = commands.add_parser("rollups", help="the summaries' pre-added figures")
    rollups.add_argument(
        "rollups_command", choices=("check", "rebuild"), help="compare with a recount, or replace by one"
    )
    args = parser.parse_args(argv)
    settings = _read_settings()
    if settings is None:
        return 2
    configure_logging(settings.log_format)
    command = args.command or "run"
    console = command == "console" or (command == "run" and settings.token is None)
    if console and "database_url" not in settings.model_fields_set:
        # Made-up console users must not land in the real ledger unless the operator asks for it.
        settings = settings.model_copy(update={"database_url": CONSOLE_DATABASE_URL})
    if console:  # the log goes to data/console/bot.log; only warnings and errors join the conversation
        from bot.console_state import log_to_file

        log_to_file(sys.stdout)
    problems = asyncio.run(check_start_up(settings, telegram=command == "run" and not console))
    for found in problems:
        print(found, file=sys.stderr)
    if problems:
        return 2
    if command == "migrate":
        return asyncio.run(_migrate(settings))
    if command in ("backup", "restore"):
        return asyncio.run(
            _backup_or_restore(settings, command, args.file, logical=getattr(args, "logical", False))
        )
    if command == "areas":
        try:
            data = args.file.read_bytes()  # decoded by the importer: UTF-8, GB18030/GBK, or a workbook
        except OSError as error:
            print(f"cannot read {args.file}: {error}", file=sys.stderr)
            return 1
        return asyncio.run(_import_areas(settings, args.file, data, dry_run=args.dry_run))
    if command == "rollups":
        return asyncio.run(_rollups(settings, rebuild=args.rollups_command == "rebuild"))
    if console:
        if command == "run":
            print("TELEGRAM_BOT_TOKEN is not set: starting the offline console instead.", flush=True)
        from bot.console import run_console

        return run_console(settings)
    return _run_bot(settings)


def _read_settings() -> Settings | None:
    """The settings, or None after saying on stderr which key is wrong."""
    try:
        return Settings()
    except ValidationError as error:
        for problem in error.errors():
            key = str(problem["loc"][0]).upper() if problem["loc"] else "settings"
            print(f"configuration error: {key}: {problem['msg']}", file=sys.stderr)
    except UnicodeDecodeError as error:  # .env is the only text read here
        where = f"byte {error.start + 1}: {error.reason}"
        print(f"configuration error: .env: not UTF-8 text ({where}); save it as UTF-8", file=sys.stderr)
    return None


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


async def _backup_or_restore(settings: Settings, command: str, path: Path, *, logical: bool) -> int:
    from models.backup import BackupError, backup, restore

    try:
        if command == "backup":
            kind = await backup(settings.database_url, path, logical=logical)
            print(f"backed up to {path} ({kind})")
        else:
            kind = await restore(settings.database_url, path)
            print(f"restored {path} ({kind})")
    except (BackupError, OSError) as error:
        print(f"{command} failed: {error}", file=sys.stderr)
        return 1
    return 0


async def _import_areas(settings: Settings, path: Path, data: bytes, *, dry_run: bool) -> int:
    from models.db import create_engine, session_maker
    from models.migrate import upgrade_to_head
    from models.organisation.area_tree import import_areas, read_area_bytes
    from models.organisation.areas import name_district

    engine = create_engine(settings.database_url)
    added: list[tuple[str, ...]] = []
    try:
        await upgrade_to_head(engine)
        async with session_maker(engine).begin() as session:
            root = await name_district(session=session, name=settings.district_name)
            rows, errors = read_area_bytes(data, suffix=path.suffix.lower(), root_name=root.name)
            if errors:
                for error in errors:
                    print(f"{path}:{error.line}: {error.reason}", file=sys.stderr)
                print("nothing was imported", file=sys.stderr)
                await session.rollback()
                return 1
            created = await import_areas(session=session, rows=rows, added=added)
            if dry_run:
                await session.rollback()  # a preview: the same work, nothing kept
    finally:
        await engine.dispose()
    for names in added:
        print(("would add " if dry_run else "added ") + " / ".join((root.name, *names)))
    verb = "would be added (dry run: nothing changed)" if dry_run else "new areas"
    print(f"{len(rows)} rows read, {created} {verb}")
    return 0


async def _rollups(settings: Settings, *, rebuild: bool) -> int:
    """Check the rollups against a recount (exit 1 when they differ), or rebuild them in one transaction."""
    from models.db import create_engine
    from models.migrate import upgrade_to_head
    from models.reporting.rollup_check import check_rollups, rebuild_rollups

    engine = create_engine(settings.database_url)
    try:
        await upgrade_to_head(engine)
        if rebuild:
            async with engine.begin() as connection:
                await rebuild_rollups(connection)
        # One snapshot for the recount and the rollups, while the bot goes on writing (PostgreSQL).
        postgres = engine.dialect.name == "postgresql"
        snapshot = engine.execution_options(isolation_level="REPEATABLE READ") if postgres else engine
        async with snapshot.begin() as connection:
            found = await check_rollups(connection)
    finally:
        await engine.dispose()
    for mismatch in found:
        print(
            f"{mismatch.table}: {mismatch.missing} rows differ from the recount or are missing, "
            f"{mismatch.extra} rows the recount does not have",
            file=sys.stderr,
        )
    if found:
        print("the rollups differ from a recount: `pufa-bot rollups rebuild` replaces them", file=sys.stderr)
        return 1
    print("rollups rebuilt: equal to a recount" if rebuild else "rollups equal to a recount")
    return 0


def _run_bot(settings: Settings) -> int:
    from bot.application import build_application

    if settings.webhook_url:
        from bot.replica import run_replica

        return run_replica(settings)  # answers Telegram only after an update's effect is committed
    build_application(settings).run_polling()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
