"""Refresh each trial's status from the ClinicalTrials.gov API v2.

Meant for a cron job on a server with network access. Without network it stops after the
timeout with a clear message and changes nothing; a study the API does not know, or a
status outside the vocabulary, is reported and left as it was.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from centre.clinicaltrials import Unreachable, fetch_status
from centre.models import Trial, normalize_nct_id


class Command(BaseCommand):
    help = "Refresh the trials' statuses from ClinicalTrials.gov (API v2)."

    def add_arguments(self, parser):
        parser.add_argument("nct_ids", nargs="*", help="Only these trials (default: all).")

    def handle(self, *args, **options):
        trials = Trial.objects.order_by("nct_id")
        if options["nct_ids"]:
            trials = trials.filter(nct_id__in=[normalize_nct_id(n) for n in options["nct_ids"]])
        failures = 0
        for trial in trials:
            try:
                status = fetch_status(trial.nct_id)
            except Unreachable as error:
                raise CommandError(
                    f"Could not reach ClinicalTrials.gov ({settings.CLINICALTRIALS_API_URL}): "
                    f"{error}. No status was changed; try again when the server has network "
                    "access."
                ) from error
            except ValueError as error:
                failures += 1
                self.stderr.write(f"{trial.nct_id}: {error}; status left unchanged.")
                continue
            trial.status = status
            trial.status_checked_at = timezone.now()
            trial.save(update_fields=["status", "status_checked_at"])
            self.stdout.write(f"{trial.nct_id}: {trial.get_status_display()}")
        if failures:
            raise CommandError(f"{failures} trial(s) could not be refreshed.")
