"""The ClinicalTrials.gov API v2 client behind `manage.py refresh_trials`."""

import json
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urljoin
from urllib.request import Request, urlopen

from django.conf import settings

from .models import Trial


class Unreachable(Exception):
    """The API could not be reached at all: no point trying the other trials."""


def fetch_status(nct_id):
    """The overall status ClinicalTrials.gov gives the study; ValueError when it has none
    we know, Unreachable when the API cannot be reached."""
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
