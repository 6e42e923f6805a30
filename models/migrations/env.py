"""Alembic's environment: runs on the connection handed in by models.migrate (see upgrade_to_head)."""

from alembic import context
from sqlalchemy.engine import Connection

from models.schema import metadata


def run_on(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with `pufa-bot migrate`, which hands Alembic a connection")
run_on(connection)
