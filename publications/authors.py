"""Reading bylines "as printed" and finding the centre's team members in them.

The seed prints bylines in several styles ("Christian Roux, Thierry Thomas",
"Dubail J, Koumakis E.", "Koumakis, E ; Millet-Botti, J & al", group authors with commas
inside). The byline is kept verbatim for display; these helpers split it into names for
citation exports and for highlighting team members.
"""

import re
import unicodedata

ET_AL_RE = re.compile(r"\s*(?:&|and)?\s*\bet\.?\s+al\.?$|\s*&\s*al\.?$", re.IGNORECASE)


def fold(text):
    """Lower case without accents, for comparing names."""
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).lower().strip()


def split_byline(byline):
    """(names as printed, True when the byline ends with "et al")."""
    text = (byline or "").strip()
    et_al = bool(ET_AL_RE.search(text))
    text = ET_AL_RE.sub("", text).strip().rstrip(".").strip()
    if not text:
        return [], et_al
    if ";" in text or "\n" in text:
        parts = re.split(r"[;\n]", text)
    else:
        parts = text.split(",")
    names = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        # "(GRIO)" after a comma belongs to the group name before it.
        if part.startswith("(") and names:
            names[-1] = f"{names[-1]}, {part}"
        else:
            names.append(part)
    return names, et_al


def shown_name(name):
    """A printed name as a byline on the page shows it, so that commas only separate
    names: "Koumakis, E" reads "Koumakis E"; a group's "…ostéoporoses, (GRIO)" reads
    "…ostéoporoses (GRIO)". Other names stay as printed."""
    name = re.sub(r",\s*\(", " (", name)
    match = re.fullmatch(r"([^,]+),\s*([A-Z][A-Za-z.-]{0,5})", name)
    if match and _is_initials(match.group(2)):
        return f"{match.group(1).strip()} {match.group(2)}"
    return name


def _is_initials(token):
    token = token.replace(".", "").replace("-", "")
    return 0 < len(token) <= 3 and token.isalpha() and token.isupper()


def name_parts(name):
    """(family, given) of a printed name, or (None, None) for a group author.

    Handles "Roux, C", "Christian Roux", "C Roux", "M L Bianchi", "Dubail J" and
    "Cormier-Daire V.".
    """
    name = name.strip().rstrip(".").strip()
    if "," in name:
        family, given = (p.strip() for p in name.split(",", 1))
        if family and len(family.split()) <= 3 and len(given.split()) <= 3:
            return family, given
        return None, None
    tokens = name.split()
    if len(tokens) == 1:
        return tokens[0], ""
    if len(tokens) > 4 or any(t[:1].islower() for t in tokens):
        return None, None
    if _is_initials(tokens[-1]) and not _is_initials(tokens[0]):
        # "Dubail J", "Cormier-Daire V": family name first, initials last.
        return " ".join(t for t in tokens if not _is_initials(t)), " ".join(
            t for t in tokens if _is_initials(t)
        )
    return tokens[-1], " ".join(tokens[:-1])


def matches_person(name, person):
    """Whether a printed name designates this team member (family name and first initial)."""
    family, given = name_parts(name)
    if not family or fold(family) != fold(person.last_name):
        return False
    if not given:
        return True
    return fold(given)[:1] == fold(person.first_name)[:1]


def find_people(byline, people):
    """The team members named in a byline."""
    names, _et_al = split_byline(byline)
    return [p for p in people if any(matches_person(n, p) for n in names)]
