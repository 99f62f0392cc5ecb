"""Role and SubstanceShare now live in talks (talks 0004). State only: no row moves."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0005_task_worker'),
        ('talks', '0004_venue_roles_and_shares_move_in'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='Role'),
                migrations.DeleteModel(name='SubstanceShare'),
            ],
        ),
    ]
