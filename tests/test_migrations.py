from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from portal import migrate
from portal.db import make_engine
from portal.models import metadata


def test_migrations_produce_exactly_the_models_schema(scratch_databases):
    engine = make_engine(scratch_databases.new_url())
    migrate.upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    engine.dispose()
    assert differences == []


def test_downgrade_to_base_and_upgrade_again(scratch_databases):
    engine = make_engine(scratch_databases.new_url())
    migrate.upgrade(engine)
    assert migrate.is_current(engine)
    migrate.downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(engine)
    assert set(inspect(engine).get_table_names()) >= set(metadata.tables)
    engine.dispose()


def test_one_head_and_a_linear_history():
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    assert len(scripts.get_heads()) == 1
