"""Initial schema: articles, entities, analyses, failures, full-text search

Revision ID: 0001
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    _create_tables()
    _create_full_text_search()


def _create_tables() -> None:
    op.create_table('articles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('doc_id', sa.Text(), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('outlet', sa.Text(), nullable=True),
    sa.Column('published', sa.Text(), nullable=True),
    sa.Column('language', sa.Text(), nullable=False),
    sa.Column('meta', sa.JSON(), nullable=False),
    sa.Column('schema_version', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('content_hash')
    )
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.create_index('ix_articles_doc_id', ['doc_id'], unique=False)
        batch_op.create_index('ix_articles_outlet_published', ['outlet', 'published'], unique=False)
        batch_op.create_index('ix_articles_published', ['published'], unique=False)

    op.create_table('entities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('type', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.create_index('ix_entities_type', ['type'], unique=False)

    op.create_table('failures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('failures', schema=None) as batch_op:
        batch_op.create_index('ix_failures_source', ['source'], unique=False)

    op.create_table('article_entities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('local_id', sa.Text(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('type', sa.Text(), nullable=False),
    sa.Column('titles', sa.JSON(), nullable=False),
    sa.Column('aliases', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('article_id', 'ordinal')
    )
    with op.batch_alter_table('article_entities', schema=None) as batch_op:
        batch_op.create_index('ix_article_entities_entity', ['entity_id'], unique=False)

    op.create_table('attributions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('local_id', sa.Text(), nullable=False),
    sa.Column('type', sa.Text(), nullable=False),
    sa.Column('content_start', sa.Integer(), nullable=False),
    sa.Column('content_end', sa.Integer(), nullable=False),
    sa.Column('content_text', sa.Text(), nullable=False),
    sa.Column('has_source', sa.Boolean(), nullable=False),
    sa.Column('source_start', sa.Integer(), nullable=True),
    sa.Column('source_end', sa.Integer(), nullable=True),
    sa.Column('source_text', sa.Text(), nullable=True),
    sa.Column('source_local_entity', sa.Text(), nullable=True),
    sa.Column('source_entity_id', sa.Integer(), nullable=True),
    sa.Column('source_key', sa.Text(), nullable=True),
    sa.Column('cue_start', sa.Integer(), nullable=True),
    sa.Column('cue_end', sa.Integer(), nullable=True),
    sa.Column('cue_text', sa.Text(), nullable=True),
    sa.Column('cue_lemma', sa.Text(), nullable=True),
    sa.Column('stance', sa.Text(), nullable=True),
    sa.Column('quotes', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ),
    sa.ForeignKeyConstraint(['source_entity_id'], ['entities.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('article_id', 'ordinal')
    )
    with op.batch_alter_table('attributions', schema=None) as batch_op:
        batch_op.create_index('ix_attributions_source_entity', ['source_entity_id'], unique=False)
        batch_op.create_index('ix_attributions_source_key', ['source_key'], unique=False)
        batch_op.create_index('ix_attributions_type', ['type'], unique=False)

    op.create_table('diagnostics',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('repair', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('article_id', 'ordinal')
    )
    with op.batch_alter_table('diagnostics', schema=None) as batch_op:
        batch_op.create_index('ix_diagnostics_kind', ['kind'], unique=False)

    op.create_table('entity_keys',
    sa.Column('key', sa.Text(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('initials', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], ),
    sa.PrimaryKeyConstraint('key')
    )
    with op.batch_alter_table('entity_keys', schema=None) as batch_op:
        batch_op.create_index('ix_entity_keys_entity', ['entity_id'], unique=False)
        batch_op.create_index('ix_entity_keys_initials', ['initials'], unique=False)

    op.create_table('mentions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('article_entity_id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['article_entity_id'], ['article_entities.id'], ),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.create_index('ix_mentions_article', ['article_id'], unique=False)
        batch_op.create_index('ix_mentions_article_entity', ['article_entity_id', 'ordinal'],
                              unique=False)
        batch_op.create_index('ix_mentions_entity', ['entity_id'], unique=False)

    op.create_table('quantities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('local_id', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('value_json', sa.Text(), nullable=False),
    sa.Column('value_max', sa.Float(), nullable=True),
    sa.Column('value_max_json', sa.Text(), nullable=True),
    sa.Column('unit', sa.Text(), nullable=True),
    sa.Column('currency', sa.Text(), nullable=True),
    sa.Column('bound', sa.Text(), nullable=False),
    sa.Column('measure', sa.Text(), nullable=True),
    sa.Column('measure_key', sa.Text(), nullable=True),
    sa.Column('attribution_local_id', sa.Text(), nullable=True),
    sa.Column('attribution_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ),
    sa.ForeignKeyConstraint(['attribution_id'], ['attributions.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('article_id', 'ordinal')
    )
    with op.batch_alter_table('quantities', schema=None) as batch_op:
        batch_op.create_index('ix_quantities_measure_key', ['measure_key', 'unit'], unique=False)



def downgrade() -> None:
    _drop_full_text_search()
    with op.batch_alter_table('quantities', schema=None) as batch_op:
        batch_op.drop_index('ix_quantities_measure_key')

    op.drop_table('quantities')
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.drop_index('ix_mentions_entity')
        batch_op.drop_index('ix_mentions_article_entity')
        batch_op.drop_index('ix_mentions_article')

    op.drop_table('mentions')
    with op.batch_alter_table('entity_keys', schema=None) as batch_op:
        batch_op.drop_index('ix_entity_keys_initials')
        batch_op.drop_index('ix_entity_keys_entity')

    op.drop_table('entity_keys')
    with op.batch_alter_table('diagnostics', schema=None) as batch_op:
        batch_op.drop_index('ix_diagnostics_kind')

    op.drop_table('diagnostics')
    with op.batch_alter_table('attributions', schema=None) as batch_op:
        batch_op.drop_index('ix_attributions_type')
        batch_op.drop_index('ix_attributions_source_key')
        batch_op.drop_index('ix_attributions_source_entity')

    op.drop_table('attributions')
    with op.batch_alter_table('article_entities', schema=None) as batch_op:
        batch_op.drop_index('ix_article_entities_entity')

    op.drop_table('article_entities')
    with op.batch_alter_table('failures', schema=None) as batch_op:
        batch_op.drop_index('ix_failures_source')

    op.drop_table('failures')
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.drop_index('ix_entities_type')

    op.drop_table('entities')
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_index('ix_articles_published')
        batch_op.drop_index('ix_articles_outlet_published')
        batch_op.drop_index('ix_articles_doc_id')

    op.drop_table('articles')


# Full-text search over article text. SQLite: an FTS5 index kept in step by triggers (external
# content, so the text is stored once). PostgreSQL: a GIN index on the tsvector of the text; the
# search query uses the same expression so the planner picks the index.
SQLITE_FTS = (
    "CREATE VIRTUAL TABLE articles_fts USING fts5(text, content='articles', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
    "INSERT INTO articles_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER articles_fts_update AFTER UPDATE OF text ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO articles_fts(rowid, text) VALUES (new.id, new.text); END",
)
POSTGRES_FTS = (
    "CREATE INDEX ix_articles_fts ON articles USING gin (to_tsvector('english', text))",
)


def _create_full_text_search() -> None:
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_FTS, "postgresql": POSTGRES_FTS}.get(dialect, ()):
        op.execute(statement)


def _drop_full_text_search() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS articles_fts_{trigger}")
        op.execute("DROP TABLE IF EXISTS articles_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_articles_fts")
