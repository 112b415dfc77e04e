"""The part of the schema.org vocabulary the site's JSON-LD uses, and a checker of blocks.

Taken from schema.org's definitions (https://schema.org/docs/full.html and each term's
page): every type with its parent types (rdfs:subClassOf), every property with types it
is a property of (schema:domainIncludes, only those that matter here) and the types of
value it expects (schema:rangeIncludes). Nothing is downloaded: a block that uses a type
or a property missing from these lists fails its test until the term is added here, from
its schema.org page. The check is offline and strict: a property on a type outside its
domain, a value of a type it does not expect, an enumeration member that does not exist.
"""

import re
from urllib.parse import urlsplit

# type: its parent types
TYPES = {
    "Thing": (),
    "Action": ("Thing",),
    "SearchAction": ("Action",),
    "CreativeWork": ("Thing",),
    "Article": ("CreativeWork",),
    "ScholarlyArticle": ("Article",),
    "WebSite": ("CreativeWork",),
    "WebPage": ("CreativeWork",),
    "FAQPage": ("WebPage",),
    "Comment": ("CreativeWork",),
    "Question": ("Comment",),
    "Answer": ("Comment",),
    "MedicalWebPage": ("WebPage",),
    "AboutPage": ("WebPage",),
    "Episode": ("CreativeWork",),
    "PodcastEpisode": ("Episode",),
    "MediaObject": ("CreativeWork",),
    "AudioObject": ("MediaObject",),
    "CreativeWorkSeries": ("CreativeWork", "Series"),
    "Periodical": ("CreativeWorkSeries",),
    "PodcastSeries": ("CreativeWorkSeries",),
    "Event": ("Thing",),
    "Intangible": ("Thing",),
    "Series": ("Intangible",),
    "DefinedTerm": ("Intangible",),
    "CategoryCode": ("DefinedTerm",),
    "EntryPoint": ("Intangible",),
    "ItemList": ("Intangible",),
    "BreadcrumbList": ("ItemList",),
    "ListItem": ("Intangible",),
    "Offer": ("Intangible",),
    "VirtualLocation": ("Intangible",),
    "StructuredValue": ("Intangible",),
    "ContactPoint": ("StructuredValue",),
    "PostalAddress": ("ContactPoint",),
    "PropertyValue": ("StructuredValue",),
    "Enumeration": ("Intangible",),
    "StatusEnumeration": ("Enumeration",),
    "EventStatusType": ("StatusEnumeration",),
    "EventAttendanceModeEnumeration": ("Enumeration",),
    "MedicalEnumeration": ("Enumeration",),
    "MedicalStudyStatus": ("MedicalEnumeration",),
    "MedicalEntity": ("Thing",),
    "MedicalCondition": ("MedicalEntity",),
    "MedicalIntangible": ("MedicalEntity",),
    "MedicalCode": ("CategoryCode", "MedicalIntangible"),
    "MedicalStudy": ("MedicalEntity",),
    "MedicalTrial": ("MedicalStudy",),
    "Organization": ("Thing",),
    "MedicalOrganization": ("Organization",),
    "Place": ("Thing",),
    "CivicStructure": ("Place",),
    "LocalBusiness": ("Organization", "Place"),
    "EmergencyService": ("LocalBusiness",),
    "Hospital": ("CivicStructure", "EmergencyService", "MedicalOrganization"),
    "Person": ("Thing",),
}

# The members of the enumerations the site uses (https://schema.org/<Enumeration>).
ENUMERATIONS = {
    "EventStatusType": {
        "EventCancelled",
        "EventMovedOnline",
        "EventPostponed",
        "EventRescheduled",
        "EventScheduled",
    },
    "EventAttendanceModeEnumeration": {
        "MixedEventAttendanceMode",
        "OfflineEventAttendanceMode",
        "OnlineEventAttendanceMode",
    },
    "MedicalStudyStatus": {
        "ActiveNotRecruiting",
        "Completed",
        "EnrollingByInvitation",
        "NotYetRecruiting",
        "Recruiting",
        "ResultsAvailable",
        "ResultsNotAvailable",
        "Suspended",
        "Terminated",
        "Withdrawn",
    },
}

# Data types: how a JSON value of each is written.
DATA_TYPES = {"Text", "URL", "Date", "DateTime", "Duration", "Integer", "Number", "Boolean"}

_EVENT_DATES = (
    "CreativeWorkSeason",
    "CreativeWorkSeries",
    "DatedMoneySpecification",
    "EducationalOccupationalProgram",
    "Event",
    "MerchantReturnPolicySeasonalOverride",
    "Role",
    "Schedule",
)

# property: (types it is a property of, types of value it expects)
PROPERTIES = {
    # Thing
    "name": (("Thing",), ("Text",)),
    "mainEntity": (("CreativeWork",), ("Thing",)),
    "acceptedAnswer": (("Question",), ("Answer", "ItemList")),
    "text": (("CreativeWork",), ("Text",)),
    "alternateName": (("Thing",), ("Text",)),
    "description": (("Thing",), ("Text", "TextObject")),
    "url": (("Thing",), ("URL",)),
    "sameAs": (("Thing",), ("URL",)),
    "image": (("Thing",), ("ImageObject", "URL")),
    "identifier": (("Thing",), ("PropertyValue", "Text", "URL")),
    "potentialAction": (("Thing",), ("Action",)),
    # Organization, Person, Place
    "address": (
        ("GeoCoordinates", "GeoShape", "Organization", "Person", "Place"),
        ("PostalAddress", "Text"),
    ),
    "telephone": (("ContactPoint", "Organization", "Person", "Place"), ("Text",)),
    "email": (("ContactPoint", "Organization", "Person"), ("Text",)),
    "parentOrganization": (("Organization",), ("Organization",)),
    "memberOf": (
        ("Organization", "Person"),
        ("MemberProgramTier", "Organization", "ProgramMembership"),
    ),
    "givenName": (("Person",), ("Text",)),
    "familyName": (("Person",), ("Text",)),
    "honorificPrefix": (("Person",), ("Text",)),
    "jobTitle": (("Person",), ("DefinedTerm", "Text")),
    "worksFor": (("Person",), ("Organization",)),
    # PostalAddress
    "streetAddress": (("PostalAddress",), ("Text",)),
    "postalCode": (("DefinedRegion", "GeoShape", "PostalAddress"), ("Text",)),
    "addressLocality": (("PostalAddress",), ("Text",)),
    "addressCountry": (
        ("DefinedRegion", "GeoCoordinates", "GeoShape", "PostalAddress"),
        ("Country", "Text"),
    ),
    # CreativeWork and its kinds
    "inLanguage": (
        ("CommunicateAction", "CreativeWork", "Event", "WriteAction"),
        ("Language", "Text"),
    ),
    "publisher": (("CreativeWork", "PublicationEvent"), ("Organization", "Person")),
    "author": (("CreativeWork", "Rating"), ("Organization", "Person")),
    "contributor": (("CreativeWork", "Event"), ("Organization", "Person")),
    "about": (("CommunicateAction", "CreativeWork", "Event"), ("Thing",)),
    "headline": (("CreativeWork",), ("Text",)),
    "datePublished": (("CreativeWork",), ("Date", "DateTime")),
    "isPartOf": (("CreativeWork",), ("CreativeWork", "URL")),
    "hasPart": (("CreativeWork",), ("CreativeWork",)),
    "associatedMedia": (("CreativeWork",), ("MediaObject",)),
    "timeRequired": (("CreativeWork",), ("Duration",)),
    "encodingFormat": (("CreativeWork", "MediaObject"), ("Text", "URL")),
    "contentUrl": (("MediaObject",), ("URL",)),
    "duration": (
        ("Audiobook", "Episode", "Event", "MediaObject", "Movie", "MusicRecording", "Schedule"),
        ("Duration",),
    ),
    "transcript": (("AudioObject", "VideoObject"), ("Text",)),
    "partOfSeries": (("Clip", "CreativeWorkSeason", "Episode"), ("CreativeWorkSeries",)),
    "webFeed": (("PodcastSeries",), ("DataFeed", "URL")),
    "lastReviewed": (("WebPage",), ("Date",)),
    "reviewedBy": (("WebPage",), ("Organization", "Person")),
    # Medical
    "code": (("MedicalEntity",), ("MedicalCode",)),
    "codeValue": (("CategoryCode", "MedicalCode"), ("Text",)),
    "codingSystem": (("MedicalCode",), ("Text",)),
    "healthCondition": (("MedicalStudy", "Patient"), ("MedicalCondition",)),
    "sponsor": (
        ("CreativeWork", "Event", "Grant", "MedicalStudy", "Organization", "Person"),
        ("Organization", "Person"),
    ),
    "status": (
        ("MedicalCondition", "MedicalProcedure", "MedicalStudy"),
        ("EventStatusType", "MedicalStudyStatus", "Text"),
    ),
    # Event
    "startDate": (_EVENT_DATES, ("Date", "DateTime")),
    "endDate": (_EVENT_DATES, ("Date", "DateTime")),
    "eventStatus": (("Event",), ("EventStatusType",)),
    "eventAttendanceMode": (("Event",), ("EventAttendanceModeEnumeration",)),
    "location": (
        ("Action", "Event", "InteractionCounter", "Organization"),
        ("Place", "PostalAddress", "Text", "VirtualLocation"),
    ),
    "offers": (
        ("CreativeWork", "EducationalOccupationalProgram", "Event", "Product", "Service", "Trip"),
        ("Demand", "Offer"),
    ),
    # Lists. schema.org's own BreadcrumbList examples give a ListItem's item as its URL.
    "itemListElement": (("ItemList",), ("ListItem", "Text", "Thing")),
    "position": (("CreativeWork", "ListItem"), ("Integer", "Text")),
    "item": (("ListItem",), ("Thing", "URL")),
    # PropertyValue
    "propertyID": (("PropertyValue",), ("Text", "URL")),
    "value": (
        ("MonetaryAmount", "PropertyValue", "QuantitativeValue"),
        ("Boolean", "Number", "StructuredValue", "Text"),
    ),
    # Actions (https://schema.org/docs/actions.html): "query-input" is the annotation of
    # the input an action takes, written "<property>-input".
    "target": (("Action",), ("EntryPoint", "URL")),
    "urlTemplate": (("EntryPoint",), ("Text",)),
    "query-input": (("Action",), ("PropertyValueSpecification", "Text")),
}

SCHEMA = "https://schema.org/"
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")
DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$")


def ancestors(type_name):
    """The type and every type it descends from."""
    found, todo = set(), [type_name]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(TYPES.get(current, ()))
    return found


def is_url(value):
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def _text_fits(value, expected):
    if "URL" in expected and is_url(value):
        return True
    if "Text" in expected:
        return True
    if "Date" in expected and DATE.match(value):
        return True
    if "DateTime" in expected and DATETIME.match(value):
        return True
    if "Duration" in expected and DURATION.match(value):
        return True
    for enumeration in expected:
        members = ENUMERATIONS.get(enumeration, ())
        if value.startswith(SCHEMA) and value.removeprefix(SCHEMA) in members:
            return True
    return False


def check_node(node, path="$", top=True):
    """The problems of one JSON-LD node (and of the nodes inside it), as strings."""
    problems = []
    if not isinstance(node, dict):
        return [f"{path}: not an object"]
    if top and node.get("@context") != "https://schema.org":
        problems.append(f"{path}: @context is {node.get('@context')!r}")
    if "@graph" in node:
        if not top:
            problems.append(f"{path}: @graph inside a node")
        for i, item in enumerate(node["@graph"]):
            problems += check_node(item, f"{path}.@graph[{i}]", top=False)
        return problems
    type_name = node.get("@type")
    if type_name not in TYPES:
        return problems + [f"{path}: unknown type {type_name!r}"]
    if "@id" in node and not is_url(node["@id"]):
        problems.append(f"{path}: @id {node['@id']!r} is not an absolute URL")
    own_types = ancestors(type_name)
    for name, value in node.items():
        if name in {"@context", "@type", "@id"}:
            continue
        if name not in PROPERTIES:
            problems.append(f"{path}: unknown property {name!r}")
            continue
        domain, expected = PROPERTIES[name]
        if not own_types & set(domain):
            problems.append(f"{path}: {name!r} is not a property of {type_name}")
            continue
        values = value if isinstance(value, list) else [value]
        if not values:
            problems.append(f"{path}.{name}: empty list")
        for i, item in enumerate(values):
            where = f"{path}.{name}" + (f"[{i}]" if isinstance(value, list) else "")
            problems += _check_value(item, expected, where)
    return problems


def _check_value(value, expected, where):
    if isinstance(value, bool):
        return [] if "Boolean" in expected else [f"{where}: a boolean, {expected} expected"]
    if isinstance(value, int | float):
        fits = "Number" in expected or (isinstance(value, int) and "Integer" in expected)
        return [] if fits else [f"{where}: a number, {expected} expected"]
    if isinstance(value, str):
        if not value.strip():
            return [f"{where}: empty text"]
        return [] if _text_fits(value, expected) else [f"{where}: {value!r} is not {expected}"]
    if isinstance(value, dict):
        if set(value) == {"@id"}:  # a reference to a node of the page
            return [] if is_url(value["@id"]) else [f"{where}: bad reference {value!r}"]
        type_name = value.get("@type")
        accepted = [t for t in expected if t not in DATA_TYPES]
        if type_name in TYPES and not ancestors(type_name) & set(accepted):
            return [f"{where}: a {type_name}, {expected} expected"]
        return check_node(value, where, top=False)
    return [f"{where}: unexpected value {value!r}"]
