"""The parties a contract names in its opening words, their roles, and who a sentence means.

A party is a name followed by its defined term, quoted (``("Client")``, ``(hereinafter the
"Supplier")``) or not (``(the Provider)``). Its role comes from that term: ``provider`` for the
one doing the work (Consultant, Agency, Developer…), ``client`` for the one paying.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from contractkit.terms.model import Party, Role

__all__ = ["OPENING_CHARS", "find_parties", "party_of"]

_PROVIDER_WORDS = [
    "provider",
    "service-provider",
    "supplier",
    "contractor",
    "consultant",
    "designer",
    "developer",
    "agency",
    "vendor",
    "licensor",
    "freelancer",
    "contractor",
    "studio",
]
_CLIENT_WORDS = [
    "client",
    "customer",
    "company",
    "buyer",
    "purchaser",
    "licensee",
    "brand",
    "subscriber",
    "owner",
]
#: A defined term in brackets: ("Client"), (the "Borrower"), (hereinafter referred to as
#: "Company"), (together with its affiliates, "Chase"), ("Veoneer US" and together with...),
#: or unquoted as many letters and scans write it: (the Provider).
_DEFINED = re.compile(
    r"\((?P<lead>[^()\"“”]{0,60}?)[\"“](?P<term>[A-Za-z0-9][^\"“”()]{0,40}?)[\"”][^()]{0,120}?\)"
    # without brackets: referred to in this Agreement as "Company" or "Boyd"
    r"|(?:referred\s+to\s+(?:herein\s+|hereinafter\s+|in\s+this\s+[Aa]greement\s+)?as|"
    r"\bhereinafter(?:\s+called)?)\s+(?:the\s+)?[\"“](?P<said>[A-Z][^\"“”()]{0,40}?)[\"”]"
    r"(?:\s+or\s+[\"“][^\"“”]{1,40}[\"”])?"
    r"|\((?:hereinafter\s+(?:referred\s+to\s+as\s+)?)?the\s+(?P<bare>[A-Z][\w-]{1,30}"
    r"(?:\s+[A-Z][\w-]{1,30})?)\)"
    # in single quotes, as some filings print them: ('Distributor')
    r"|\((?P<lead2>[^()'‘’\"“”]{0,30}?)['‘](?P<single>[A-Z][\w -]{0,30}?)['’]\)"
)
_NOT_PARTIES = re.compile(
    r"^(?:(?:this\s+|the\s+)?(?:[\w-]+\s+){0,3}(?:agreement|amendment|contract|addendum|lease|license"
    r"|licence|plan|note|guaranty|guarantee)|effective\s+date|(?:the\s+)?parties|(?:a\s+|each\s+)?party"
    r"|services|msa|sow|terms|commencement\s+date|closing(?:\s+date)?|deliverables|statement\s+of"
    r"\s+work|territory|products?|term|premises|property|software|licensed\s+\w+|execution\s+date"
    r"|exchange\s+act|securities\s+act|code|business|shares|\w+\s+date)$",
    re.I,
)
#: "This Services Agreement (the "Agrecment")": the contract naming itself, misread by OCR.
_THE_CONTRACT = re.compile(r"(?i)^this\b.*\b(?:agreement|contract|terms|amendment)$")
_FORMS = r"Inc|LLC|L\.L\.C|Ltd|Limited|plc|PLC|LLP|L\.P|LP|GmbH|S\.A|B\.V|N\.V|AG|Corp|INC|LTD|N\.A"
#: A trade name or former name belongs to the party's name: "X, LLC, d/b/a Y", "X f/k/a Y".
_ALSO_KNOWN = r"d/?b/?a\b/?|f/?k/?a\b|a/?k/?a\b|doing\s+business\s+as\b"
_NAME_CUT = re.compile(
    rf",(?!\s*(?i:{_FORMS}|{_ALSO_KNOWN})\b)"
    # a bracket ends the name, but not an acronym or a place before the form: "(Shanghai) Co"
    rf"|\s+\((?![A-Z]{{2,6}}\)|[A-Z][\w ]{{1,20}}\)\s*,?\s*(?i:{_FORMS}|Co|Pte|Pty)\b)"
    r"|\s+(?:a|an)\s+(?:company|corporation|limited|private"
    r"|individual|(?:[A-Z][\w.'-]*\s+){1,4}(?:corporation|company|limited|partnership|trust|bank"
    r"|association|entity|organi[sz]ation|societe|gmbh|ltd|llc|co\b))|\s+incorporated|\s+organi[sz]ed"
    r"|\s+existing\s|\s+whose\s|\s+with\s+(?:its|a|offices|an|principal)\s|\s+having\s|\s+residing\s"
    r"|\s+of\s+\d|\s+located\s|\s+and/or\s|\s+\d+[\w-]*\s+(?:[A-Z][\w.]*\s+){0,3}(?:Street|St\b|Av"
    r"enue|Ave\b|Road|Rd\b|Drive|Dr\b|Boulevard|Blvd|Lane|Way|Parkway|Place|Stra(?:ß|ss)e|Circle)"
    r"|\s+on\s+behalf\s|\s+represented\s|\s+Dated\b|\s+dated\s|\s+\[|\s+acting\s+(?:through|by)\s"
    r"|\s+(?:and|or|and/or)\s+(?:all\s+of\s+)?its\s+(?:\w+\s+)?(?:affiliates|subsidiaries)"
    r"|\s+(?:Address|ADD|Tel|Fax)\s*[.:]|\s+(?:[A-Z][\w-]*\s+)?Stra(?:ß|ss)e\s+\d",
)
#: Where the parties are listed: "by and between", "by and among", "between", "among".
_INTRO = re.compile(
    r"\bby\s+and\s+(?:between|among(?:st)?)\b|\b(?:between|among(?:st)?)\s*:?\s|\bentered\s+into\s+by\b"
    r"|\bmade\s+by\b|\b(?:made|entered\s+into|executed)(?:\s+and\s+entered\s+into)?\s+(?:as\s+of|on"
    r"|this)\s+[^.;()\"“]{0,50}?\bby\s+(?-i:(?=[A-Z]))"
    # "PARTIES (1) X ... (2) Y", "The parties to this Agreement are X ... and Y"
    r"|(?-i:\bPARTIES)\s*:?\s*(?=\(1\)|1\.\s)|\bthe\s+parties\s+to\s+this\s+\w+\s+are\b",
    re.I,
)
#: The recitals or the operative words: the parties have been named by then.
_AFTER_PARTIES = re.compile(
    r"\bW\s?H\s?E\s?R\s?E\s?A\s?S\b|\bRECITALS?\b|\bNOW,?\s+THEREFORE\b|\bBACKGROUND\b"
    r"|W\s?I\s?T\s?N\s?E\s?S\s?S\s?E\s?T\s?H|\bagree\s+as\s+follows\b|\bhereby\s+agree",
)
#: Where a contract states its parties: its opening words, after a filing header or cover.
OPENING_CHARS = 6000
#: "X, as Administrative Agent": the role words of credit agreements and indentures.
_AS_ROLE = re.compile(
    r"(?P<name>(?:[A-Z][\w.&'-]*,?\s+){0,8}?(?:[A-Z][\w.&'-]*))\s*,\s+as\s+(?:the\s+)?(?:an?\s+)?"
    r"(?P<role>(?:[A-Z][\w-]*\s+){0,3}(?:Agent|Borrower|Lender|Trustee|Guarantor|Issuer|Arranger|"
    r"Servicer|Seller|Purchaser|Depositor|Parent|Company))\b"
)
#: Standard terms name the parties only by role; their names are on a cover page.
_ROLE_NOUNS: tuple[tuple[str, Role], ...] = (
    ("Provider", "provider"),
    ("Customer", "client"),
    ("Licensor", "provider"),
    ("Licensee", "client"),
    ("Landlord", "provider"),
    ("Tenant", "client"),
    ("Lessor", "provider"),
    ("Lessee", "client"),
    ("Supplier", "provider"),
    ("Vendor", "provider"),
    ("Client", "client"),
    ("Consultant", "provider"),
    ("Contractor", "provider"),
    ("Lender", "provider"),
    ("Borrower", "client"),
    ("Employer", "client"),
    ("Employee", "provider"),
    ("Distributor", "client"),
    ("Manufacturer", "provider"),
)


def _role_of(defined_as: str | None) -> Role | None:
    word = (defined_as or "").lower().replace(" ", "-")
    if word in _CLIENT_WORDS:
        return "client"
    if word in _PROVIDER_WORDS or word.endswith(("-provider", "provider")):
        return "provider"
    return next((r for n, r in _ROLE_NOUNS if n.lower() == word), None)


#: A name that starts in lower case: "iBio, Inc.", "mPhase Technologies", "drkoop.com, inc.".
_LOWER_NAME = r"[a-z][\w-]*[A-Z][\w.&-]*|[a-z][a-z\d]*[.-][a-z][\w.&-]*"
_STARTS_NAME = re.compile(rf"[A-Z0-9]|(?:{_LOWER_NAME})")
#: Small words a name may hold in lower case ("Trustees of the X Trust", "Bank for Y").
_NAME_LINKS = {"of", "the", "and", "for", "de", "du", "des", "la", "le", "von", "van", "der"}
_NAME_LINKS |= {"y", "e", "et", "di", "da", "&", "in", "on", "at", "a/s"}


def _reads_as_name(name: str) -> bool:
    """Whether words cut out as a name read like one, not like a sentence of the contract."""
    if re.search(r"\b(?:this|these|hereto|herein|hereunder|hereinafter|shall|will|are|is)\b", name):
        return False
    # a heading and the sentence after it ("Standard Terms 1. Introduction. This Mutual…")
    if re.search(r"(?:^|\s)\d+(?:\.\d+)*\.\s|\b(?i:this|hereby)\b", name):
        return False
    words = [w.strip(",.;:") for w in name.split()]
    words = [w for w in words if w.lower() not in _NAME_LINKS]
    lower = [
        w
        for w in words
        if w[:1].islower()
        and not re.fullmatch(_LOWER_NAME, w)
        and not re.fullmatch(rf"(?i:{_FORMS})", w)
    ]
    return not (len(lower) >= 2 and len(lower) * 3 > len(words))


def _name_in(segment: str) -> str | None:
    """The party's name at the start of the words before its defined term."""
    # cover layouts put each name on a paragraph of its own: the window starts at the
    # intro, so blank lines are only spaces here
    segment = re.sub(r"\s+", " ", segment)
    segment = re.split(
        r"(?i)\bby\s+and\s+(?:between|among)\b|\b(?:between|among(?:st)?)\b\s*:?|\(\d\)|;"
        # a letter agreement names its addressee before the salutation
        r"|\bLadies\s+and\s+Gentlemen\b\s*:?|\bDear\s+Sirs?\b\s*:?|\bPREAMBLE\b"
        r"|\bin\s+favou?r\s+of\b|(?i:\bparties\s+to\s+this\s+\w+\s+are\b)|\bPARTIES\b",
        segment,
    )[-1]
    segment = re.sub(
        r"(?i)^[\s),:.]*(?:on\s+the\s+(?:one|other)\s+(?:hand|side)\b)?[\s,:]*"
        r"(?:the\s+following\s+(?:parties|persons)\s*:?)?",
        "",
        segment,
    )
    segment = re.sub(
        r"^[\s),:.-]*(?:(?:and|AND|&)\b)?[\s,:.-]*(?:\(?[a-z0-9ivx]{1,3}\)\s*|\d{1,2}\.\s+)?",
        "",
        segment,
    )
    segment = re.sub(r"^(?:the|The|THE)\s+(?=[A-Z])", "", segment)
    if segment[:1].islower() and not re.match(_LOWER_NAME, segment):
        # the words after the previous party ("having its place of business at ..., and
        # Achaogen Inc."): the next name follows the last "and"
        tail = re.split(rf"(?:,\s*|\s+)(?:and|AND)\s+(?=[A-Z0-9]|(?:{_LOWER_NAME}))", segment)
        segment = tail[-1] if len(tail) > 1 else segment
        segment = re.sub(r"^(?:\(?[a-z0-9ivx]{1,3}\)\s*|\d{1,2}\.\s+)", "", segment)
    name = _NAME_CUT.split(segment.strip(" ,\n"), maxsplit=1)[0].strip(' ,\n"“”')
    name = re.sub(r"\s+", " ", name)
    if not name or len(name) > 100 or not _STARTS_NAME.match(name):
        return None
    if _THE_CONTRACT.match(name) or re.match(r"(?i)^(?:this|the\s+parties|each|such|said)\b", name):
        return None
    return name if _reads_as_name(name) else None


#: "..., and Y, a Delaware corporation": a further party named in the same words.
_DESCRIBED = re.compile(
    r"[\s,]*(?:an?\s|having\s|with\s|whose\s|located\s|organi[sz]ed\s|incorporated\s|existing\s"
    r"|residing\s|of\s+\d|\d|acting\s)"
)
_FORM_END = re.compile(rf"\b(?:{_FORMS}|Corporation|Company|Incorporated)\b\.?[\s,]*(?:of\s+.*)?$")
_AND_NAME = re.compile(
    rf"(?:,\s*|\s+)(?:and|AND)\s*:?\s+(?=[A-Z0-9]|(?:{_LOWER_NAME}))"
    # a list: "X, a Delaware corporation, Y, a Texas limited partnership, and Z, ..."
    rf"|,\s+(?=[A-Z0-9])(?!(?:{_FORMS}|Incorporated|Corporation|Company)\b)"
)


def _names_in(segment: str) -> list[str]:
    """Every name before one defined term: "X, a bank, and Y, a company (each a "Lender")".

    A further name counts only where the words after it describe a party (", a Delaware
    corporation", "having its office", an address), so "Smith and Jones LLP" stays one name.
    """
    first = _name_in(segment)
    if first is None:
        return []
    names = [first]
    flat = re.sub(r"\s+", " ", segment)
    at = flat.find(first)
    for m in _AND_NAME.finditer(flat, at + len(first) if at >= 0 else 0):
        rest = flat[m.end() :]
        cut = _NAME_CUT.search(rest)
        end = cut.start() if cut else len(rest)
        listed = "and" not in m.group(0).lower()  # "X, a bank, Y, a trust": a list by commas
        described = bool(cut and _DESCRIBED.match(rest, end))
        if listed and not (
            re.match(r"[\s,]*an?\s", rest[end:]) and re.match(r"(?!An?\s)[A-Z]", rest)
        ):
            continue  # a list item is a name described as "a ..." (not "Boston, MA 02110")
        if not described and (listed or not _FORM_END.search(rest[:end])):
            continue  # nothing says it is a party: "the laws of England and Wales"
        name = _name_in(rest[:end])
        if name and name not in names and not any(name in n for n in names):
            names.append(name)
    return names


def _window(text: str) -> str:
    """The words that name the parties: from "between"/"among" to the recitals."""
    head = text[:OPENING_CHARS]
    # the list of parties that starts in the opening words may run on past them (a
    # preamble after a long table of contents)
    tail = text[: OPENING_CHARS + 2500]
    intro = next(
        (m for m in _INTRO.finditer(head) if _DEFINED.search(tail, m.end(), m.end() + 1500)),
        None,
    ) or _INTRO.search(head)
    at = intro.start() if intro else 0
    # the sentence the intro is in begins the window: "X ("A") and Y ("B") enter into..."
    begin = max(head.rfind("\n\n", 0, at), head.rfind(". ", 0, at), 0)
    begin = begin if at - begin < 600 else at
    end = max(len(head), at + 2500) if intro else len(head)
    stop = _AFTER_PARTIES.search(tail, at + 1, end)
    return tail[begin : stop.start() if stop else min(len(tail), at + 2500, end)]


def _defined_parties(window: str) -> list[Party]:
    parties: list[Party] = []
    previous = 0
    for match in _DEFINED.finditer(window):
        term = match.group("term") or match.group("said") or match.group("bare")
        term = (term or match.group("single") or "").strip()
        segment = window[previous : match.start()]
        previous = match.end()
        if not term or _NOT_PARTIES.match(term):
            continue
        lead = (match.group("lead") or "").lower()
        if "together" in lead:
            continue  # ("Veoneer US" and together with Veoneer AB, the "Veoneer Parties")
        if match.group("said") and re.search(
            r"(?i)(?<!individually and )\b(?:collectively|together|jointly)\b[^.]{0,30}$", segment
        ):
            continue  # A and B "will collectively be referred to as "Servicers""
        names = _names_in(segment)
        if re.search(r"(?i)\band\s*\[[^\]]{0,12}\]\s*$", segment):
            term = ""  # "X, a corporation, and [*] ('Distributor')": the term is the blank's
        shared = re.search(r"(?i)\b(?:each|both|individually|collectively)\b", lead + segment[-40:])
        for i, name in enumerate(names):
            # several names before one term: all share it ("each a "Lender""), or it is
            # the last one's ("X, with offices at ..., and Y Ltd. of Beijing ("Y")")
            mine = (term if shared or i == len(names) - 1 else None) or None
            parties.append(Party(name, mine, _role_of(mine)))
    return parties


def _listed_parties(window: str) -> list[Party]:
    """Parties named without defined terms: "between X, a Delaware corporation, and Y"."""
    intro = _INTRO.search(window)
    if intro is None:
        return []
    rest = re.split(
        r"(?<!Inc)(?<!INC)(?<!Ltd)(?<!LTD)(?<!Co)(?<!CO)(?<!Corp)(?<!CORP)(?<!\b[A-Z])\.\s"
        r"|\n\s*\n(?![Aa]nd\b)",
        window[intro.end() :],
    )[0]
    if len(rest) > 600:
        return []
    parts = re.split(r",?\s+and\s+(?=[A-Z0-9])|\n\s*(?:and|AND|And)\s*\n", rest)
    names = [n for n in (_name_in(p) for p in parts[:4]) if n]
    return [Party(n, None, None) for n in names] if len(names) >= 2 else []


_COVER_LINE = re.compile(
    r"(?m)^[ \t|*]*(?P<role>Provider|Customer|Company|Client|Licensor|Licensee|Supplier|Vendor"
    r"|Reseller|Distributor|Landlord|Tenant|Consultant|Contractor)(?:\s+[Nn]ame)?[ \t*]*[:|][ \t*]*"
    r"(?P<name>[A-Z][^\n|]{2,80}?)[ \t|*]*$"
)


#: "Party A: X Co., Ltd. Address: ...": a labelled party on one line with its details; the
#: name must end in a company form, as the label's details run on without a line break.
_LABELLED = re.compile(
    r"\b(?P<role>Party\s+[A-D]|(?:The\s+)?(?:[Bb]uyer|[Ss]eller)(?:/[\w-]+)?(?:\s+[Nn]ame)?"
    r"|(?:Client|Customer|Company|Vendor|Supplier|Licensee|Licensor)\s+[Nn]ame)\s*:\s*(?P<name>[A-Z][\w.&'-]*(?:,?\s+[\w.&'()-]+){0,8}?,?\s+"
    rf"(?:{_FORMS}|Corporation|Company|CORPORATION|COMPANY|LIMITED)\b\.?)"
)


def _cover_parties(text: str) -> list[Party]:
    """Parties on a cover page or in a key-value table: "Provider: Acme Ltd"."""
    out: list[Party] = []
    for m in _COVER_LINE.finditer(text[:OPENING_CHARS]):
        name = _NAME_CUT.split(m["name"].strip(), maxsplit=1)[0].strip(" ,.")
        if name and not any(p.defined_as == m["role"] for p in out):
            out.append(Party(name, m["role"], _role_of(m["role"])))
    for m in _LABELLED.finditer(text[:OPENING_CHARS]):
        name = m["name"].strip(" ,")
        if all(p.name != name for p in out) and _reads_as_name(name):
            out.append(Party(name, None, None))
    return out


_SIGNED = re.compile(r"(?i)IN\s+WITNESS\s+WHERE\s?OF|\bAGREED\s+(?:TO\s+)?AND\s+ACCEPTED\b")
#: A company signing: "For and on behalf of X By:", "X By: ____", "X, a Delaware corporation By".
_SIGNER = re.compile(
    r"(?:[Ff]or\s+and\s+on\s+behalf\s+of\s+|\b)(?P<name>(?:(?:[A-Z0-9][\w.&'/-]*|&),?\s+){0,6}?"
    rf"(?:[A-Z][\w.&'/-]*,?\s+)(?:{_FORMS}|Incorporated|Corporation|Company|Limited|CORPORATION"
    r"|COMPANY|LIMITED|INCORPORATED|L\.L\.C|L\.P)\.?)"
    r"\s*,?\s*(?:\([^)]{1,30}\)\s*)?(?:[\"“][^\"”]{1,30}[\"”]\s*)?(?:By|BY|Signed|SIGNED|Per|PER)\s*:"
)


def _signers(text: str) -> list[Party]:
    """The companies in the signature blocks, for contracts that list their parties there."""
    at = max((m.start() for m in _SIGNED.finditer(text)), default=-1)
    if at == -1:
        return []
    out: list[Party] = []
    for m in _SIGNER.finditer(re.sub(r"\s+", " ", text[at : at + 20000])):
        name = m["name"].strip(" ,")
        name = re.sub(
            r"^(?:(?:IN\s+WITNESS|WHEREOF|THE|PARTIES|HERETO|DATE|WRITTEN|ABOVE|Exhibit\s+[\d.]+"
            r"|Founder|Officer|Managing\s+(?:Member|Partner|Director)|Title|Name|President"
            r"|Director|Manager|Secretary)\b\W*)+",
            "",
            name,
        )
        name = re.sub(r"^(?:Dated?:?\s*)?[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}\s+", "", name)
        # a name in capitals after the words of the block before it ("Ann Lee ACME CORP")
        if caps := re.search(r"(?:\b[A-Z0-9][A-Z0-9.&'/-]*,?\s+)+[A-Z][A-Z.]*\.?$", name):
            name = caps.group(0) if len(caps.group(0).split()) >= 2 else name
        if name and name[0].isupper() and all(name != p.name for p in out):
            out.append(Party(name, None, None))
    return out


def _role_parties(text: str) -> list[Party]:
    """Last resort: the role nouns the contract uses most ("Provider", "Customer")."""
    counts = {n: len(re.findall(rf"\b{n}\b", text)) for n, _ in _ROLE_NOUNS}
    for noun, role in _ROLE_NOUNS:
        other: Role = "client" if role == "provider" else "provider"
        partner = max(
            (n for n, r in _ROLE_NOUNS if r == other), key=lambda n: counts[n], default=None
        )
        if counts[noun] >= 5 and partner and counts[partner] >= 5:
            return [Party(None, noun, role), Party(None, partner, other)]
    return []


def find_parties(text: str) -> list[Party]:
    """The parties the contract names in its opening words, with their roles.

    The opening words may follow a filing header, a cover or a title block, so the parties
    are looked for where the contract lists them ("by and between", "among") within its
    first :data:`OPENING_CHARS` characters: names with their defined terms ("X, a Delaware
    corporation (the "Borrower")"), names with the role of credit agreements ("X, as
    Administrative Agent"), or bare names ("between X and Y"). Standard terms that leave the
    names to a cover page give the two role nouns they use most, with no name.
    """
    window = _window(text)
    parties = _defined_parties(window)
    for party in _cover_parties(text):
        if not any(
            (party.defined_as and p.defined_as == party.defined_as) or p.name == party.name
            for p in parties
        ):
            parties.append(party)
    named = {p.name for p in parties}
    for m in _AS_ROLE.finditer(window):
        name = _name_in(m.group("name"))
        if name and name not in named and not any(name in n for n in named if n):
            named.add(name)
            parties.append(Party(name, m.group("role"), _role_of(m.group("role"))))
    if not parties:
        parties = _listed_parties(window)
    # the parties are listed where they sign: "each party identified on the signature
    # pages", "the undersigned", or the opening words name fewer than two
    if len(parties) < 2 or re.search(r"(?i)signature\s+pages?|\bthe\s+undersigned\b", window):
        words = [set(re.findall(r"\w+", (p.name or "").lower())) for p in parties]
        for signer in _signers(text):
            mine = set(re.findall(r"\w+", (signer.name or "").lower())) - {"inc", "llc", "ltd"}
            if not any(mine and len(mine & w) / len(mine) >= 0.6 for w in words):
                parties.append(signer)
    if not parties:
        parties = _role_parties(text)
    seen: set[tuple[str | None, str | None]] = set()
    unique = []
    for party in parties:
        if (party.name, party.defined_as) not in seen:
            seen.add((party.name, party.defined_as))
            unique.append(party)
    parties = unique
    roles = [p.role for p in parties]
    if len(parties) == 2 and roles.count(None) == 1:
        known = next(r for r in roles if r is not None)
        other: Role = "client" if known == "provider" else "provider"
        parties = [p if p.role else Party(p.name, p.defined_as, other) for p in parties]
    return parties


def _party_words(parties: Sequence[Party], role: Role) -> list[str]:
    words = [p.defined_as for p in parties if p.role == role and p.defined_as]
    words += _PROVIDER_WORDS if role == "provider" else _CLIENT_WORDS
    return [w.replace("-", " ") for w in words]


_PROVIDING = {"providing", "granting", "letting"}
_UNNAMED = re.compile(
    r"\bthe\s+party\s+(providing|granting|letting|receiving|using|holding|renting)\s+the\b", re.I
)


def party_of(subject: str, parties: Sequence[Party]) -> Role | Literal["either"] | None:
    """Which party a sentence's subject names: "Either party", "the Client", "Consultant"."""
    if re.search(r"\b(?:either|each|any|both)\s+(?:of\s+the\s+)?part(?:y|ies)\b", subject, re.I):
        return "either"
    if re.search(r"\b(?:the|a)\s+terminating\s+party\b", subject, re.I):
        return "either"  # whichever party terminates
    # a revision's words for a party the contract does not name ("the party providing the
    # services", "the party renting the premises"): see playbook/_vocabulary.NEUTRAL
    if described := _UNNAMED.search(subject):
        return "provider" if described.group(1).lower() in _PROVIDING else "client"
    best: tuple[int, Role] | None = None
    for role in ("provider", "client"):
        for word in _party_words(parties, role):
            for m in re.finditer(rf"\b{re.escape(word)}\b", subject, re.I):
                if best is None or m.start() > best[0]:
                    best = (m.start(), role)
    return best[1] if best else None
