"""mail outbox worker (status, retries, claims), email confirmation and mail preferences

Existing users count as confirmed (they received mail before confirmation existed).
Outbox rows already sent become 'sent'; rows never sent become 'failed' so that nothing
old is delivered by surprise when a mail server is configured: an admin can send them
again from the admin mail page.

Revision ID: 0011_mail_outbox
Revises: 5a16d1c0a009
Create Date: 2026-12-02 13:01:08.315275

"""
from alembic import op
import sqlalchemy as sa

import matchhub.models.types


# revision identifiers, used by Alembic.
revision = '0011_mail_outbox'
down_revision = '5a16d1c0a009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_mail', schema=None) as batch_op:
        batch_op.add_column(sa.Column('category', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('message_id', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('unsubscribe_url', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('status', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('attempts', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('next_attempt_at', matchhub.models.types.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('error_code', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('last_error', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('claim_token', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('claimed_until', matchhub.models.types.UTCDateTime(), nullable=True))
    op.execute(
        "UPDATE outbox_mail SET category = 'essential', attempts = 0, next_attempt_at = created_at, "
        "status = CASE WHEN sent_at IS NULL THEN 'failed' ELSE 'sent' END, "
        "error_code = CASE WHEN sent_at IS NULL THEN 'legacy' END"
    )
    with op.batch_alter_table('outbox_mail', schema=None) as batch_op:
        batch_op.alter_column('category', existing_type=sa.String(length=20), nullable=False)
        batch_op.alter_column('status', existing_type=sa.String(length=16), nullable=False)
        batch_op.alter_column('attempts', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column(
            'next_attempt_at', existing_type=matchhub.models.types.UTCDateTime(), nullable=False
        )
        batch_op.create_check_constraint(op.f('ck_outbox_mail_status'), "status IN ('pending', 'sent', 'failed')")
        batch_op.create_index('ix_outbox_mail_due', ['status', 'next_attempt_at'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_confirmed_at', matchhub.models.types.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('mail_matches', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('mail_reminders', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('mail_news', sa.Boolean(), server_default=sa.true(), nullable=False))
    op.execute("UPDATE users SET email_confirmed_at = created_at WHERE email IS NOT NULL")


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('mail_news')
        batch_op.drop_column('mail_reminders')
        batch_op.drop_column('mail_matches')
        batch_op.drop_column('email_confirmed_at')

    with op.batch_alter_table('outbox_mail', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_mail_due')
        batch_op.drop_constraint(op.f('ck_outbox_mail_status'), type_='check')
        batch_op.drop_column('claimed_until')
        batch_op.drop_column('claim_token')
        batch_op.drop_column('last_error')
        batch_op.drop_column('error_code')
        batch_op.drop_column('next_attempt_at')
        batch_op.drop_column('attempts')
        batch_op.drop_column('status')
        batch_op.drop_column('unsubscribe_url')
        batch_op.drop_column('message_id')
        batch_op.drop_column('category')
