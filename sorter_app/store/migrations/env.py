"""Alembic environment, configured in code by sorter_app.store.migrate (no alembic.ini, and no
logging.config.fileConfig, which would silence the app's loggers)."""

from __future__ import annotations

from alembic import context

from sorter_app.store.tables import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
