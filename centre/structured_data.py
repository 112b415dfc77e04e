"""schema.org JSON-LD for the centre's pages: the organisation and the website, team
members, diseases, trials, events, and the breadcrumb trail every app's pages share.

Only what the rows hold is said: an empty field leaves its property out.
"""

from django.urls import NoReverseMatch, reverse

from mocsite.links import absolute

from .models import Event, Trial

CONTEXT = "https://schema.org"


def organization_id(request):
    """The node id of the centre, so other blocks can point at it."""
    return absolute(request, "/") + "#organization"


def organization(request, centre, networks):
    """MedicalOrganization for the home page, from the profile every page has."""
    data = {
        "@context": CONTEXT,
        "@type": "MedicalOrganization",
        "@id": organization_id(request),
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


def website(request, home_url, centre):
    """WebSite for the home page, with the site search as its SearchAction."""
    data = {
        "@context": CONTEXT,
        "@type": "WebSite",
        "url": absolute(request, home_url),
        "inLanguage": request.LANGUAGE_CODE,
    }
    if centre:
        data["name"] = centre.name
        data["alternateName"] = centre.short_name
        data["publisher"] = {"@id": organization_id(request)}
    try:
        search = absolute(request, reverse("search"))
    except NoReverseMatch:  # a set-up without the search page
        search = None
    if search:
        data["potentialAction"] = {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term}}"},
            "query-input": "required name=search_term",
        }
    return data


def breadcrumbs(request, trail):
    """BreadcrumbList of a page's visible breadcrumb: (name, path) pairs, home first."""
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": absolute(request, path),
            }
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }


def person(request, person, centre):
    """Person on a team member's page."""
    data = {
        "@context": CONTEXT,
        "@type": "Person",
        "name": person.full_name,
        "givenName": person.first_name,
        "familyName": person.last_name,
        "url": absolute(request, person.get_absolute_url()),
    }
    if person.title:
        data["honorificPrefix"] = person.title
    if person.role:
        data["jobTitle"] = person.role
    if person.bio:
        data["description"] = person.bio
    if person.photo:
        data["image"] = absolute(request, person.photo.url)
    if centre:
        data["worksFor"] = {
            "@type": "MedicalOrganization",
            "@id": organization_id(request),
            "name": centre.name,
        }
    return data


def disease(request, disease):
    """MedicalCondition, with the ORPHA code as a MedicalCode when known."""
    data = {
        "@context": CONTEXT,
        "@type": "MedicalCondition",
        "name": disease.name,
        "url": absolute(request, disease.get_absolute_url()),
    }
    description = disease.summary_professionals or disease.summary_patients
    if description:
        data["description"] = description
    if disease.alias_list:
        data["alternateName"] = disease.alias_list
    if disease.orpha_code:
        data["code"] = {
            "@type": "MedicalCode",
            "codeValue": str(disease.orpha_code),
            "codingSystem": "ORPHA",
        }
        data["sameAs"] = disease.orphanet_url
    return data


def faq(questions):
    """FAQPage of a disease's questions and answers; None without any."""
    if not questions:
        return None
    return {
        "@context": CONTEXT,
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": question.question,
                "acceptedAnswer": {"@type": "Answer", "text": question.answer},
            }
            for question in questions
        ],
    }


def _review(request, item):
    """lastReviewed and reviewedBy of a page whose text staff confirmed as reviewed."""
    if item is None or not item.last_reviewed_on:
        return {}
    data = {"lastReviewed": item.last_reviewed_on.isoformat()}
    reviewer = item.last_reviewed_by
    if reviewer is not None:
        data["reviewedBy"] = {"@type": "Person", "name": reviewer.display_name}
        if reviewer.is_live:
            data["reviewedBy"]["url"] = absolute(request, reviewer.get_absolute_url())
    return data


def reviewed_page(request, item, page_type):
    """The page (MedicalWebPage of a disease, AboutPage of the centre) with its last
    review; None when it was never reviewed."""
    review = _review(request, item)
    if not review:
        return None
    return {
        "@context": CONTEXT,
        "@type": page_type,
        "url": absolute(request, request.path),
        "name": str(item),
        **review,
    }


def reviewed_protocols(request, protocols):
    """The care protocols page, with each reviewed protocol as a part of its own."""
    parts = [
        {
            "@type": "MedicalWebPage",
            "url": absolute(request, protocol.get_absolute_url()),
            "name": protocol.title,
            **_review(request, protocol),
        }
        for protocol in protocols
        if protocol.last_reviewed_on
    ]
    if not parts:
        return None
    return {
        "@context": CONTEXT,
        "@type": "MedicalWebPage",
        "url": absolute(request, request.path),
        "hasPart": parts,
    }


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
    if trial.disease and trial.disease.is_live:  # no hidden disease's name
        data["healthCondition"] = {"@type": "MedicalCondition", "name": trial.disease.name}
    # Only a status ClinicalTrials.gov gave, never the centre's own wording.
    if trial.status in SCHEMA_STUDY_STATUS:
        data["status"] = f"https://schema.org/{SCHEMA_STUDY_STATUS[trial.status]}"
    return data


def trial_page(trial_row):
    """MedicalTrial on the trial's own page."""
    return {"@context": CONTEXT, **trial(trial_row)}


def trials(trials):
    if not trials:
        return None
    return {"@context": CONTEXT, "@graph": [trial(item) for item in trials]}


def event(request, event):
    """Event; None for an undated event (schema.org wants a start date).

    A place is a Place whose address is the place as staff wrote it (the only address
    there is); an online event is a VirtualLocation at its registration link, or at its
    own page, which tells how to take part. An event with neither has no location.
    """
    if not event.start_date:
        return None
    data = {
        "@context": CONTEXT,
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
        locations.append({"@type": "Place", "name": event.location, "address": event.location})
    # Attendance mode only when staff said the event is online: a place alone does not
    # prove nobody attends remotely.
    if event.is_online:
        data["eventAttendanceMode"] = (
            "https://schema.org/MixedEventAttendanceMode"
            if event.location
            else "https://schema.org/OnlineEventAttendanceMode"
        )
        locations.append({"@type": "VirtualLocation", "url": event.registration_url or data["url"]})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    if event.registration_url:
        data["offers"] = {"@type": "Offer", "url": event.registration_url}
    return data
