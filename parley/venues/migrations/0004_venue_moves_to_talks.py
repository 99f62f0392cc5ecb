"""The Venue model now lives in talks (talks 0004): rooms point at it there. State only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('venues', '0003_booking_no_overlap'),
        ('talks', '0004_venue_roles_and_shares_move_in'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='room',
                    name='venue',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rooms', to='talks.venue'),
                ),
                migrations.DeleteModel(name='Venue'),
            ],
        ),
    ]
