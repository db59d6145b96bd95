"""licence card read model

Revision ID: 6d9d11a61813
Revises: 031232650458
Create Date: 2026-11-22 08:26:58.520603

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6d9d11a61813'
down_revision = '031232650458'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('licences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('card', sa.JSON(), nullable=True))



def downgrade():
    with op.batch_alter_table('licences', schema=None) as batch_op:
        batch_op.drop_column('card')

