"""Refresh each trial's status from the ClinicalTrials.gov API v2.

Meant for a cron job on a server with network access. Without network it stops after the
timeout with a clear message and changes nothing; a study the API does not know, or a
status outside the vocabulary, is reported and left as it was.
"""

import json
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urljoin
from urllib.request import Request, urlopen

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from centre.models import Trial, normalize_nct_id


class Unreachable(Exception):
    """The API could not be reached at all: no point trying the other trials."""


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
                status = self.fetch_status(trial.nct_id)
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

    def fetch_status(self, nct_id):
        url = urljoin(settings.CLINICALTRIALS_API_URL, f"studies/{quote(nct_id)}")
        request = Request(
            url, headers={"Accept": "application/json", "User-Agent": "mocsite-refresh-trials"}
        )
        try:
            with urlopen(request, timeout=settings.CLINICALTRIALS_TIMEOUT) as response:
                payload = response.read()
        except HTTPError as error:
            if error.code == 404:
                raise ValueError("not found on ClinicalTrials.gov") from error
            raise ValueError(f"ClinicalTrials.gov answered HTTP {error.code}") from error
        except (URLError, TimeoutError, ConnectionError) as error:
            raise Unreachable(getattr(error, "reason", error)) from error
        try:
            status = json.loads(payload)["protocolSection"]["statusModule"]["overallStatus"]
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError("unexpected answer (no overall status)") from error
        if status not in Trial.Status.values:
            raise ValueError(f"status {status!r} is not in the ClinicalTrials.gov vocabulary")
        return status
