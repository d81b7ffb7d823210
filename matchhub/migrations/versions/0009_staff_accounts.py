"""staff accounts: deactivated users

Revision ID: 5a16d1c0a009
Revises: eb26ade39fe0
Create Date: 2026-12-02 13:10:00

"""

import sqlalchemy as sa
from alembic import op

import matchhub.models.types

# revision identifiers, used by Alembic.
revision = "5a16d1c0a009"
down_revision = "eb26ade39fe0"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("deactivated_at", matchhub.models.types.UTCDateTime(), nullable=True)
        )


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("deactivated_at")
