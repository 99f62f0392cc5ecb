"""The moved tables take talks' names, and their constraints too. Every row stays."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('talks', '0004_venue_roles_and_shares_move_in'),
        ('venues', '0004_venue_moves_to_talks'),
        ('core', '0006_roles_and_shares_move_to_talks'),
    ]

    operations = [
        migrations.AlterModelTable(name='venue', table=None),
        migrations.AlterModelTable(name='role', table=None),
        migrations.AlterModelTable(name='substanceshare', table=None),
        migrations.RemoveConstraint(model_name='role', name='core_role_one_per_process'),
        migrations.RemoveConstraint(model_name='role', name='core_role_party_matches_kind'),
        migrations.RemoveConstraint(model_name='substanceshare', name='core_share_one_per_party'),
        migrations.AddConstraint(
            model_name='role',
            constraint=models.UniqueConstraint(fields=('user', 'process'), name='talks_role_one_per_process'),
        ),
        migrations.AddConstraint(
            model_name='role',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind__in', ['host_coordinator', 'host_protocol', 'host_services']), ('party__isnull', True)), models.Q(('kind__in', ['head_of_delegation', 'negotiator', 'staff']), ('party__isnull', False)), _connector='OR'), name='talks_role_party_matches_kind'),
        ),
        migrations.AddConstraint(
            model_name='substanceshare',
            constraint=models.UniqueConstraint(fields=('process', 'party'), name='talks_share_one_per_party'),
        ),
    ]
