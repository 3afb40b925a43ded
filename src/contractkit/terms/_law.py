"""Governing law and the forum for disputes, with jurisdictions named one way.

Contracts name a jurisdiction many ways ("NEW YORK", "the State of New York", "the laws of
the Commonwealth of Massachusetts", "English law", "the Republic of Colombia"); a playbook
compares them, so each is reduced to one canonical name from a list of the US states, the
Canadian provinces and the countries contracts choose. A place not on the list is kept as
written, without "the State of" and the words after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from contractkit.terms._sentences import Finding, Sentence, T
from contractkit.terms.model import Forum, Jurisdiction
from contractkit.terms.normalize import Found

__all__ = ["canonical_jurisdiction", "law_and_forum"]

_US_STATES = [
    "Alabama",
    "Alaska",
    "Arizona",
    "Arkansas",
    "California",
    "Colorado",
    "Connecticut",
    "Delaware",
    "Florida",
    "Georgia",
    "Hawaii",
    "Idaho",
    "Illinois",
    "Indiana",
    "Iowa",
    "Kansas",
    "Kentucky",
    "Louisiana",
    "Maine",
    "Maryland",
    "Massachusetts",
    "Michigan",
    "Minnesota",
    "Mississippi",
    "Missouri",
    "Montana",
    "Nebraska",
    "Nevada",
    "Ohio",
    "Oklahoma",
    "Oregon",
    "Pennsylvania",
    "Tennessee",
    "Texas",
    "Utah",
    "Vermont",
    "Virginia",
    "Washington",
    "Wisconsin",
    "Wyoming",
    "New Hampshire",
    "New Jersey",
    "New Mexico",
    "New York",
    "North Carolina",
    "North Dakota",
    "Rhode Island",
    "South Carolina",
    "South Dakota",
    "West Virginia",
    "District of Columbia",
    "Puerto Rico",
]
_PROVINCES = ["Ontario", "Quebec", "Alberta", "Manitoba", "Saskatchewan", "Nova Scotia"]
_PROVINCES += ["British Columbia", "New Brunswick", "Newfoundland and Labrador"]
_COUNTRIES = [
    "Argentina",
    "Australia",
    "Austria",
    "Belgium",
    "Bermuda",
    "Brazil",
    "Canada",
    "Chile",
    "China",
    "Colombia",
    "Cyprus",
    "Denmark",
    "Finland",
    "France",
    "Germany",
    "Greece",
    "Hungary",
    "India",
    "Ireland",
    "Israel",
    "Italy",
    "Japan",
    "Korea",
    "Luxembourg",
    "Malaysia",
    "Mexico",
    "Netherlands",
    "Norway",
    "Panama",
    "Peru",
    "Philippines",
    "Poland",
    "Portugal",
    "Russia",
    "Scotland",
    "Singapore",
    "Spain",
    "Sweden",
    "Switzerland",
    "Taiwan",
    "Thailand",
    "Turkey",
    "Wales",
    "Kazakhstan",
    "Ukraine",
    "Vietnam",
    "Indonesia",
    "Egypt",
    "Nigeria",
    "Kenya",
    "Pakistan",
    "Iceland",
    "Romania",
    "Bulgaria",
    "Croatia",
    "Estonia",
    "Latvia",
    "Lithuania",
    "Slovakia",
    "Slovenia",
    "Uruguay",
    "Venezuela",
    "Ecuador",
    "Bahamas",
    "Barbados",
    "Liechtenstein",
    "Monaco",
    "Malta",
    "Mauritius",
    "Macau",
    "Qatar",
    "Saudi Arabia",
    "Czech Republic",
    "Costa Rica",
    "England and Wales",
    "Hong Kong",
    "New Zealand",
    "South Africa",
    "United Arab Emirates",
    "British Virgin Islands",
    "Cayman Islands",
    "United Kingdom",
    "United States",
]
#: Other spellings → the canonical name. "England" alone means the law of England and Wales.
_ALIASES = {
    "england": "England and Wales",
    "english": "England and Wales",
    "the united kingdom": "United Kingdom",
    "great britain": "United Kingdom",
    "the netherlands": "Netherlands",
    "holland": "Netherlands",
    "dutch": "Netherlands",
    "german": "Germany",
    "french": "France",
    "swiss": "Switzerland",
    "irish": "Ireland",
    "israeli": "Israel",
    "people's republic of china": "China",
    "prc": "China",
    "hong kong sar": "Hong Kong",
    "the united states": "United States",
    "the united states of america": "United States",
    "u.s.a.": "United States",
    "washington, d.c.": "District of Columbia",
    "washington d.c.": "District of Columbia",
}
_KNOWN = {name.lower(): name for name in _US_STATES + _PROVINCES + _COUNTRIES} | _ALIASES
# longest first: "New York" before "York", "England and Wales" before "England"
_GAZETTEER = re.compile(
    r"\b(?:" + "|".join(re.escape(k) for k in sorted(_KNOWN, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)

_NAME = r"[A-Z][\w'-]*(?:\.[\w'-]+)*"
_PLACE = rf"{_NAME}(?:\s+(?:{_NAME}|of|and|upon))*(?:,\s+{_NAME}(?:\s+{_NAME})*)?"
_GOVERN = (
    r"govern\w*|constru\w*|interpret\w*|enforc\w*|subject\s+to|accordance\s+with|pursuant\s+to"
    r"|according\s+to|under|determined|appl(?:y|ied|ies)"
)
#: "governed by ... the laws of <place>", "in accordance with the internal laws of <place>",
#: "<place> law shall govern", "governed by English law", "regulations of the Republic of X".
_LAW = re.compile(
    rf"(?i:{_GOVERN})[^.;]{{0,80}}?\b(?i:laws?|regulations|legislation)\s+(?i:of|in\s+force\s+in|in)\s+"
    rf"(?P<j>(?i:the\s+)?(?:(?i:state|commonwealth|province|republic|kingdom)\s+of\s+)?"
    rf"(?:the\s+)?\w[\w'.-]*(?:[ ,]+[\w'.-]+){{0,5}})"
    rf"|(?i:governed\s+by|subject\s+to|in\s+accordance\s+with|according\s+to|under)\s+(?:the\s+)?"
    rf"(?P<adj>{_NAME}(?:\s+{_NAME})?)\s+(?i:law)\b"
    rf"|\b(?P<j2>{_NAME}(?:\s+{_NAME})?)\s+(?i:law|legislation)\s+(?i:shall|will|is\s+to)\s+(?i:govern|apply)"
    rf"|(?i:legislation)\s+(?i:of)\s+(?P<j3>(?i:the\s+)?(?:(?i:state|republic|kingdom)\s+of\s+)?{_PLACE})"
    rf"\s+(?i:shall|will)\s+(?i:govern|apply)"
)
#: Any "laws of <known place>": enough in a sentence of a Governing Law clause.
_LAWS_OF = re.compile(
    r"(?i)\blaws?\s+(?:of|in\s+force\s+in|in)\s+(?P<j>(?:the\s+)?(?:(?:state|commonwealth|province"
    r"|republic|kingdom)\s+of\s+)?(?:the\s+)?\w[\w'.-]*(?:[ ,]+[\w'.-]+){0,5})"
)
_PREFIX = re.compile(
    r"^(?:the\s+)?(?:(?:state|commonwealth|province|republic|kingdom|country)\s+of\s+)?(?:the\s+)?",
    re.I,
)
_PLACEHOLDER = re.compile(
    r"(?i)governing\s+law|jurisdiction|cover\s+page|order\s+form|schedule|applicable\s+law"
)


def canonical_jurisdiction(place: str) -> str | None:
    """The canonical name of the first jurisdiction ``place`` names, if it is a known one.

    >>> canonical_jurisdiction("the Commonwealth of MASSACHUSETTS, without regard to")
    'Massachusetts'
    """
    names = [
        _KNOWN.get(re.sub(r"\s+", " ", m.group(0).lower())) for m in _GAZETTEER.finditer(place)
    ]
    names = [n for n in names if n]
    if not names:
        return None
    if names[0] == "United States" and len(names) > 1:
        return names[1]  # "the federal laws of the United States and the State of Delaware"
    return names[0]


def _clean_place(place: str) -> str:
    """A place or jurisdiction without "the State of" and trailing words; "" for a placeholder."""
    place = re.sub(r"\s+(?:and|of|upon)$", "", _PREFIX.sub("", place.strip()))
    place = re.split(
        r",?\s+(?:without|excluding|and\s+(?:the|each|any|shall|will|you)|applicable|as\s+appl"
        r"ied|that\s|which\s|in\s+(?:all|every)|exclusively)",
        place,
    )[0]
    if _PLACEHOLDER.fullmatch(place.strip(" ,.")):
        return ""  # a form's blank: "the laws of the Governing Law (see the Cover Page)"
    return place.strip(" ,.")


def _jurisdiction(words: str) -> str:
    """The jurisdiction the words after "the laws of" name; "" when they name none."""
    head = re.split(r"(?i)\b(?:without|excluding|except|notwithstanding|as\s+appl)", words)[0]
    known = canonical_jurisdiction(head[:60])
    if known:
        return known
    place = _clean_place(head)
    # an unknown place is kept only when it reads like one: capitalised, a few words
    if not place or not place[0].isupper() or len(place.split()) > 4:
        return ""
    return place


_ARBITRATION_PLACE = re.compile(
    r"(?:seat(?:ed)?|venue|place|location)\s+(?:of\s+(?:the\s+)?arbitration\s+)?(?:shall|will)?"
    rf"\s*(?:be\s+)?(?:in\s+)?(?P<p>{_PLACE})"
    rf"|(?:held|take\s+place|conducted|seated|arbitration)\s+in\s+(?P<p2>{_PLACE})"
)
#: Courts are named down to the county or city: "the courts located in King County".
_COURTS = re.compile(
    r"courts?\s+(?:of|located\s+in|sitting\s+in|situated\s+in|in|for)\s+"
    rf"(?P<p>(?:the\s+)?{_NAME}(?:\s+(?:{_NAME}|of|and|upon))*)"
)


def _governing_law(s: Sentence) -> Finding | None:
    for m in _LAW.finditer(s.text):
        group = next(g for g in ("j", "adj", "j2", "j3") if m.group(g))
        if re.search(
            r"(?i)(?:organi[sz]ed|incorporated|chartered|existing|formed)\s*$",
            s.text[max(0, m.start() - 30) : m.start()],
        ):
            continue  # "a bank chartered under the laws of Ohio": where a party is from
        jurisdiction = _jurisdiction(m.group(group))
        if jurisdiction == "United States":  # "... of the United States and the State of X"
            later = canonical_jurisdiction(s.text[m.start(group) : m.start(group) + 160])
            jurisdiction = later or jurisdiction
        if group != "j" and not canonical_jurisdiction(m.group(group)):
            continue  # "governed by applicable law": no place
        if jurisdiction:
            end = m.start(group) + len(m.group(group).rstrip(" ,.;"))
            span = Found(None, m.start(group), min(end, m.start(group) + 80))
            return s.finding("governing_law", Jurisdiction(jurisdiction), span)
    return None


def _laws_of(s: Sentence) -> Finding | None:
    """Any "laws of <known place>" in a sentence: the fallback of a Governing Law clause."""
    for m in _LAWS_OF.finditer(s.text):
        known = canonical_jurisdiction(re.split(r"(?i)\bwithout|\bexcept", m["j"])[0])
        if known:
            end = m.start("j") + len(m["j"].rstrip(" ,.;"))
            return s.finding("governing_law", Jurisdiction(known), Found(None, m.start("j"), end))
    return None


def law_and_forum(sentences: list[Sentence]) -> Iterator[Finding]:
    """The governing law (from a Governing Law clause) and the forum (Dispute Resolution)."""
    law = forum = None
    # a sentence that says which law governs, before one that only names a place's laws
    # ("the Bank is chartered under the laws of Tennessee ... governed by New York law")
    # and one about this contract before one about another ("matters governed by the laws
    # of X" in a legal opinion's scope)
    labelled = [s for s in sentences if T.GOVERNING_LAW in s.clause.categories]
    own = [s for s in labelled if s.has(r"\bthis\s+(?:\w+\s+){0,3}(?:agreement|contract)\b")]
    law = (
        next((f for s in own if (f := _governing_law(s))), None)
        or next((f for s in labelled if (f := _governing_law(s))), None)
        or next((f for s in labelled if (f := _laws_of(s))), None)
    )
    for s in sentences:
        if T.DISPUTE_RESOLUTION not in s.clause.categories:
            continue
        if forum is None or (forum.value.place is None and forum.clause == s.clause.id):  # type: ignore[union-attr]
            if s.has(r"arbitrat") and (
                forum is not None or s.has(r"binding|final|shall be (?:resolved|settled|referred)")
            ):
                where = _ARBITRATION_PLACE.search(s.text)
                place = _clean_place(where.group("p") or where.group("p2")) if where else None
                if forum is None or place:
                    forum = s.finding("dispute_forum", Forum("arbitration", place or None))
            elif forum is None and (where := _COURTS.search(s.text)):
                forum = s.finding(
                    "dispute_forum", Forum("courts", _clean_place(where["p"]) or None)
                )
    yield from (f for f in (law, forum) if f is not None)
