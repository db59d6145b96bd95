"""chip number on applications

Revision ID: e8a17bb28f85
Revises: 6d9d11a61813
Create Date: 2026-11-22 09:13:46.539189

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e8a17bb28f85'
down_revision = '6d9d11a61813'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('licence_applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('chip_no', sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f('ix_licence_applications_chip_no'), ['chip_no'], unique=False)



def downgrade():
    with op.batch_alter_table('licence_applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_licence_applications_chip_no'))
        batch_op.drop_column('chip_no')

