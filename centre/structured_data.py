"""schema.org JSON-LD for the centre's pages: the organisation, diseases, trials, events."""

from mocsite.links import absolute

from .models import Event, Trial


def organization(request, centre, networks):
    """MedicalOrganization for the home page, from the profile every page has."""
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalOrganization",
        "name": centre.name,
        "alternateName": centre.short_name,
        "url": absolute(request, "/"),
        "parentOrganization": {"@type": "Hospital", "name": centre.hospital},
        "address": {
            "@type": "PostalAddress",
            "streetAddress": centre.street_address,
            "postalCode": centre.postal_code,
            "addressLocality": centre.city,
            "addressCountry": "FR",
        },
    }
    if centre.phone:
        data["telephone"] = centre.phone
    if centre.email:
        data["email"] = centre.email
    members_of = [
        {
            "@type": "Organization",
            "name": network.name,
            **({"url": network.url} if network.url else {}),
        }
        for network in networks
    ]
    if members_of:
        data["memberOf"] = members_of
    return data


def disease(request, disease):
    """MedicalCondition, with the ORPHA code as a MedicalCode when known."""
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalCondition",
        "name": disease.name,
        "url": absolute(request, disease.get_absolute_url()),
    }
    description = disease.summary_professionals or disease.summary_patients
    if description:
        data["description"] = description
    if disease.orpha_code:
        data["code"] = {
            "@type": "MedicalCode",
            "codeValue": str(disease.orpha_code),
            "codingSystem": "ORPHA",
        }
        data["sameAs"] = disease.orphanet_url
    return data


# schema.org MedicalStudyStatus for each ClinicalTrials.gov overall status it has.
SCHEMA_STUDY_STATUS = {
    Trial.Status.NOT_YET_RECRUITING: "NotYetRecruiting",
    Trial.Status.RECRUITING: "Recruiting",
    Trial.Status.ENROLLING_BY_INVITATION: "EnrollingByInvitation",
    Trial.Status.ACTIVE_NOT_RECRUITING: "ActiveNotRecruiting",
    Trial.Status.SUSPENDED: "Suspended",
    Trial.Status.TERMINATED: "Terminated",
    Trial.Status.COMPLETED: "Completed",
    Trial.Status.WITHDRAWN: "Withdrawn",
}


def trial(trial):
    data = {
        "@type": "MedicalTrial",
        "name": trial.title,
        "identifier": trial.nct_id,
        "url": trial.registry_url,
    }
    if trial.sponsor:
        data["sponsor"] = {"@type": "Organization", "name": trial.sponsor}
    if trial.disease:
        data["healthCondition"] = {"@type": "MedicalCondition", "name": trial.disease.name}
    # Only a status ClinicalTrials.gov gave, never the centre's own wording.
    if trial.status in SCHEMA_STUDY_STATUS:
        data["status"] = f"https://schema.org/{SCHEMA_STUDY_STATUS[trial.status]}"
    return data


def trials(trials):
    if not trials:
        return None
    return {"@context": "https://schema.org", "@graph": [trial(item) for item in trials]}


def event(request, event):
    """Event; None for an undated event (schema.org wants a start date)."""
    if not event.start_date:
        return None
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": absolute(request, event.get_absolute_url()),
        "startDate": event.iso_start,
    }
    if event.iso_end:
        data["endDate"] = event.iso_end
    if event.description:
        data["description"] = event.description
    if event.status == Event.Status.CANCELLED:
        data["eventStatus"] = "https://schema.org/EventCancelled"
    elif event.status == Event.Status.SCHEDULED:
        data["eventStatus"] = "https://schema.org/EventScheduled"
    locations = []
    if event.location:
        locations.append({"@type": "Place", "name": event.location})
    # Attendance mode only when staff said the event is online: a place alone does not
    # prove nobody attends remotely.
    if event.is_online:
        data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
        if event.registration_url:
            locations.append({"@type": "VirtualLocation", "url": event.registration_url})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    if event.registration_url:
        data["offers"] = {"@type": "Offer", "url": event.registration_url}
    return data
