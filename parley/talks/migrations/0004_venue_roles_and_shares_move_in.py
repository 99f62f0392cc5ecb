"""Venue (from venues), Role and SubstanceShare (from core) become talks models.

State only: the tables and their rows stay where they are; migration 0005 renames them.
"""

import django.db.models.deletion
import parley.talks.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('talks', '0003_readiness'),
        ('venues', '0003_booking_no_overlap'),
        ('core', '0004_role_kinds_in_stable_order'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Venue',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, unique=True, verbose_name='name')),
                        ('city', models.CharField(blank=True, max_length=200, verbose_name='city')),
                        ('time_zone', models.CharField(default='UTC', max_length=64, validators=[parley.talks.models.validate_time_zone], verbose_name='time zone')),
                    ],
                    options={
                        'ordering': ['name'],
                        'db_table': 'venues_venue',
                    },
                ),
                migrations.AlterField(
                    model_name='process',
                    name='venue',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='processes', to='talks.venue', verbose_name='venue'),
                ),
                migrations.CreateModel(
                    name='Role',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('host_coordinator', 'Host coordinator'), ('host_services', 'Host services officer'), ('host_protocol', 'Host protocol officer'), ('head_of_delegation', 'Head of delegation'), ('negotiator', 'Negotiator'), ('staff', 'Delegation staff')], max_length=32, verbose_name='role')),
                        ('party', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='roles', to='talks.party')),
                        ('process', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='roles', to='talks.process')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='roles', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'core_role',
                        'constraints': [
                            models.UniqueConstraint(fields=('user', 'process'), name='core_role_one_per_process'),
                            models.CheckConstraint(condition=models.Q(models.Q(('kind__in', ['host_coordinator', 'host_protocol', 'host_services']), ('party__isnull', True)), models.Q(('kind__in', ['head_of_delegation', 'negotiator', 'staff']), ('party__isnull', False)), _connector='OR'), name='core_role_party_matches_kind'),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name='SubstanceShare',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('granted_at', models.DateTimeField(auto_now_add=True)),
                        ('granted_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to=settings.AUTH_USER_MODEL)),
                        ('party', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='shares', to='talks.party')),
                        ('process', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='shares', to='talks.process')),
                    ],
                    options={
                        'db_table': 'core_substanceshare',
                        'constraints': [
                            models.UniqueConstraint(fields=('process', 'party'), name='core_share_one_per_party'),
                        ],
                    },
                ),
            ],
        ),
    ]
