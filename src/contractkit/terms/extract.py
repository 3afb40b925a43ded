"""Find the key terms of a contract in its classified clauses, and normalise them.

Each finder reads the sentences of the clauses the classifier put in the term's categories
(:data:`TERM_CATEGORIES`), takes the figure nearest the words that give it meaning
("notice", "cure", "renew", "preceding"), and returns it with the sentence as a quote and the
figure's own offsets, so the page box and OCR confidence are the figure's, not the clause's.
Precision comes first: a term read from a sentence about something else misleads more than a
term left out, so no term is taken from a clause without one of its categories. The date of
the agreement and its effective date, which contracts state in their opening words rather
than in a clause, are the exception (see :mod:`contractkit.terms._dates`).

The finders live by group: :mod:`~contractkit.terms._dates` (term, renewal, dates),
:mod:`~contractkit.terms._money_terms` (cap, payment), :mod:`~contractkit.terms._law`
(governing law, forum); this module keeps termination, cure, indemnity and the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from contractkit.clauses.model import Clause
from contractkit.clauses.taxonomy import ClauseType
from contractkit.terms._dates import dates, opening_sentences, renewal_notice, term_and_renewal
from contractkit.terms._law import law_and_forum
from contractkit.terms._money_terms import (
    cap_exclusions,
    definitions_in,
    liability_cap,
    payment,
    references,
)
from contractkit.terms._sentences import Finding, Sentence, T, notice_durations, sentences_of
from contractkit.terms.model import (
    Flag,
    Indemnity,
    Party,
    PartyNotice,
    Perpetual,
    TermName,
)
from contractkit.terms.normalize import find_durations
from contractkit.terms.parties import party_of

__all__ = ["OPENING_TERMS", "TERM_CATEGORIES", "Finding", "find_terms", "with_section_labels"]

#: The categories a clause must carry for each term to be read from it.
_CATEGORIES: dict[TermName, tuple[ClauseType, ...]] = {
    "termination_notice": (T.TERMINATION_FOR_CONVENIENCE, T.NOTICE_PERIOD),
    "renewal_notice": (T.RENEWAL_TERM, T.NOTICE_TO_TERMINATE_RENEWAL, T.TERM),
    "cure_period": (T.CURE_PERIOD, T.TERMINATION_FOR_CAUSE),
    "initial_term": (T.TERM, T.RENEWAL_TERM),
    "renewal_term": (T.TERM, T.RENEWAL_TERM),
    "auto_renewal": (T.TERM, T.RENEWAL_TERM),
    "liability_cap": (T.CAP_ON_LIABILITY,),
    "liability_cap_exclusions": (T.CAP_ON_LIABILITY, T.UNCAPPED_LIABILITY),
    "consequential_damages_excluded": (T.CONSEQUENTIAL_DAMAGES,),
    "indemnification": (T.INDEMNIFICATION,),
    "payment_due": (T.PAYMENT_TERMS, T.LATE_PAYMENT, T.FEES),
    "late_payment": (T.PAYMENT_TERMS, T.LATE_PAYMENT, T.FEES),
    "suspension_for_nonpayment": (T.PAYMENT_TERMS, T.LATE_PAYMENT, T.FEES),
    "governing_law": (T.GOVERNING_LAW,),
    "dispute_forum": (T.DISPUTE_RESOLUTION,),
    "non_solicitation_period": (T.NO_SOLICIT_EMPLOYEES, T.NO_SOLICIT_CUSTOMERS),
    "confidentiality_survival": (T.CONFIDENTIALITY, T.POST_TERMINATION),
    "agreement_date": (T.TERM,),
    "effective_date": (T.TERM,),
    "expiration_date": (T.TERM, T.RENEWAL_TERM),
}
TERM_CATEGORIES: dict[TermName, frozenset[ClauseType]] = {
    name: frozenset(categories) for name, categories in _CATEGORIES.items()
}
_SOURCES = TERM_CATEGORIES
#: Terms also read from the contract's opening words (cover block and preamble), which no
#: classifier labels: the contract's date and its effective date.
OPENING_TERMS: frozenset[TermName] = frozenset({"agreement_date", "effective_date"})
#: (A contract whose opening words give no date is dated where its parties sign: the
#: signature blocks, which no classifier labels either.)

# -- the finders ---------------------------------------------------------------------------

_CONVENIENCE = (
    r"for convenience|for any reason|for any or no reason|for no reason|without cause"
    r"|without (?:giving )?(?:any )?reason|at any time|at will|with or without cause"
)
#: Grounds that make a right to terminate one for cause, unless the words say "for convenience".
_FOR_CAUSE = r"breach|fails? to|cure|remed|non-payment|unpaid"
#: Other rights to terminate, never for convenience even "at any time" (a change of control).
_OTHER_GROUNDS = r"change (?:of|in) control|force majeure|insolven|bankrupt|renew|non-renewal"
_MAY_TERMINATE = re.compile(
    r"(?P<subject>(?:either|each|any)\s+part(?:y|ies)|the\s+part(?:y|ies)|(?:the\s+)?[A-Z][\w-"
    r"]*(?:\s+[A-Z][\w-]*)?)"
    r"\s+(?:shall\s+be\s+entitled\s+to|may|can|has\s+the\s+right\s+to|is\s+entitled\s+to|reser"
    r"ves\s+the\s+right\s+to)"
    r"(?:,?\s+[^,.;]{0,40},)?\s+(?:at\s+any\s+time\s+)?terminat",
    re.I,
)


def _termination_notice(sentences: list[Sentence], parties: Sequence[Party]) -> Iterator[Finding]:
    seen: set[PartyNotice] = set()
    for s in sentences:
        if not s.has(r"terminat"):
            continue
        if not any(c in _SOURCES["termination_notice"] for c in s.clause.categories):
            continue
        starts: list[re.Match[str] | None] = [*_MAY_TERMINATE.finditer(s.text)] or [None]
        for i, m in enumerate(starts):
            lo = m.start() if m else 0
            following = starts[i + 1] if i + 1 < len(starts) else None
            hi = following.start() if following else len(s.text)
            part = Sentence(s.text[lo:hi], s.start + lo, s.clause)
            if part.has(_OTHER_GROUNDS) or (part.has(_FOR_CAUSE) and not part.has(_CONVENIENCE)):
                continue
            notices = notice_durations(part)
            if not notices:
                continue
            who = party_of(m.group("subject"), parties) if m else party_of(part.text[:80], parties)
            found = notices[0]
            if who is None:
                continue
            value = PartyNotice(who, found.value.amount, found.value.unit)
            if value in seen:  # the same period said again; a different one is a conflict to show
                continue
            seen.add(value)
            yield part.finding("termination_notice", value, found)


_CURE = r"(?<!se)cure|remed|rectif|make good"
_OTHER_REMEDIES = r"(?i)(?:any |all )?other (?:rights? (?:or|and) )?remed(?:y|ies)"


def _cure_period(sentences: list[Sentence]) -> Iterator[Finding]:
    # the cure period of a clause about cure periods first, then of one on termination
    labelled = [s for s in sentences if T.CURE_PERIOD in s.clause.categories]
    others = [s for s in sentences if T.TERMINATION_FOR_CAUSE in s.clause.categories]
    for s in labelled + [s for s in others if s not in labelled]:
        if not re.search(_CURE, re.sub(_OTHER_REMEDIES, "", s.text), re.I):
            continue
        for found in find_durations(s.text):
            window = s.text[max(found.start - 150, 0) : found.end + 100]
            if re.search(_CURE, window, re.I):
                yield s.finding("cure_period", found.value, found)
                return


def _consequential(sentences: list[Sentence]) -> Iterator[Finding]:
    for s in sentences:
        if T.CONSEQUENTIAL_DAMAGES in s.clause.categories and s.has(
            r"indirect|consequential|incidental|special|punitive|loss of profit|lost profit"
        ):
            yield s.finding("consequential_damages_excluded", Flag(True))
            return


_INDEMNITY_FOR = {
    "breach of contract": (
        r"breach of (?:this agreement|the agreement|its (?:obligations|representations|"
        r"warranties)|contract|any (?:of its )?(?:obligations|representation|warrant))"
    ),
    "client materials": (
        r"(?:client|customer|company|brand)(?:.s)? (?:materials|content|data|instructions)|"
        r"materials (?:provided|supplied|furnished) by"
    ),
    "data breach": (
        r"data breach|security breach|unauthori[sz]ed access|"
        r"breach of (?:its )?data protection"
    ),
    "ip infringement": r"infring|misappropriat",
    "negligence": r"(?<!gross )(?<!grossly )negligen",
    "personal injury or property damage": (
        r"bodily injury|personal injury|death|property damage|"
        r"damage to (?:real or )?(?:tangible )?(?:personal )?property"
    ),
    "violation of law": (
        r"violat\w* of (?:any )?(?:applicable )?laws?|"
        r"breach of (?:any )?(?:applicable )?laws?|"
        r"violat\w* (?:any )?(?:applicable )?laws?"
    ),
    "wilful misconduct": r"wil+ful misconduct|intentional misconduct",
}


def _indemnification(
    sentences: list[Sentence], clauses: Sequence[Clause], parties: Sequence[Party]
) -> Iterator[Finding]:
    children: dict[str, list[Clause]] = {}
    for c in clauses:
        if c.parent:
            children.setdefault(c.parent, []).append(c)
    done: set[str] = set()
    for s in sentences:
        if T.INDEMNIFICATION not in s.clause.categories:
            continue
        m = s.has(
            r"(?P<subject>(?:each|either)\s+part(?:y|ies)|(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w"
            r"-]*)?)\s+"
            r"(?:shall|will|agrees?\s+to|hereby\s+agrees?\s+to|undertakes?\s+to)\s+(?:at\s+its"
            r"\s+own\s+(?:cost|expense)\s*,?\s*)?"
            r"(?:(?:defend,?\s+)?(?:fully\s+)?indemnif"
            # "shall defend Customer against any third-party claim": an indemnity in all but name
            r"|defend\b(?=[^.]{0,80}\bagainst\b[^.]{0,30}\bclaims?\b))"
        )
        if not m or s.has(r"^\W*(?:nothing|excluding|except)"):
            continue
        who = party_of(m.group("subject"), parties)
        if who is None:
            continue
        scope = s.text + " " + " ".join(c.text for c in children.get(s.clause.id, []))
        covered = tuple(sorted(k for k, p in _INDEMNITY_FOR.items() if re.search(p, scope, re.I)))
        for role in ("provider", "client") if who == "either" else (who,):
            if role not in done:
                done.add(role)
                yield s.finding("indemnification", Indemnity(role, covered))


def _non_solicitation(sentences: list[Sentence]) -> Iterator[Finding]:
    for s in sentences:
        categories = s.clause.categories
        if T.NO_SOLICIT_EMPLOYEES not in categories and T.NO_SOLICIT_CUSTOMERS not in categories:
            continue
        for found in find_durations(s.text):
            around = s.text[max(found.start - 60, 0) : found.end + 80].lower()
            if re.search(
                r"after|following|thereafter|termination|expiry|expiration|ends?\b", around
            ):
                yield s.finding("non_solicitation_period", found.value, found)
                return


def _confidentiality_survival(
    sentences: list[Sentence], clauses: Sequence[Clause]
) -> Iterator[Finding]:
    # what survives is said in a confidentiality clause, or in one on what continues after
    # the end (Post-Termination) inside a section headed Confidentiality
    by_id = {c.id: c for c in clauses}
    for s in sentences:
        parent = by_id.get(s.clause.parent or "")
        headed = "confidential" in (s.clause.heading or (parent and parent.heading) or "").lower()
        if T.CONFIDENTIALITY not in s.clause.categories and not (
            T.POST_TERMINATION in s.clause.categories and (headed or s.has(r"confidential"))
        ):
            continue
        if not s.has(r"surviv|(?:continue|remain)[^.;]{0,120}(?:after|following|beyond)"):
            continue
        if s.has(r"indefinitely|perpetu|in perpetuity|without limit of time"):
            yield s.finding("confidentiality_survival", Perpetual())
            return
        for found in find_durations(s.text):
            yield s.finding("confidentiality_survival", found.value, found)
            return


def with_section_labels(clauses: Sequence[Clause]) -> list[Clause]:
    """Each clause with the labels of the clauses it is part of added after its own.

    A sub-clause is part of its section: "(b) These obligations survive for three years"
    under a section labelled Confidentiality is a confidentiality clause even when the
    classifier, reading the item alone, did not say so.
    """
    by_id: dict[str, Clause] = {}
    out = []
    for clause in clauses:  # parents come before their children
        parent = by_id.get(clause.parent or "")
        if parent is not None:
            extra = tuple(lb for lb in parent.labels if lb.category not in clause.categories)
            clause = replace(clause, labels=clause.labels + extra)
        by_id[clause.id] = clause
        out.append(clause)
    return out


def _labelled(finding: Finding, by_id: dict[str, Clause], opening: set[str]) -> bool:
    if finding.name in OPENING_TERMS and finding.clause in opening:
        return True
    return any(c in TERM_CATEGORIES[finding.name] for c in by_id[finding.clause].categories)


def find_terms(clauses: Sequence[Clause], parties: Sequence[Party]) -> list[Finding]:
    """Every key term stated in the classified ``clauses``, in a fixed order of names.

    A finding from a clause without one of the term's categories is dropped, whatever the
    finder's wording matched: the rule the extraction promises (see :data:`TERM_CATEGORIES`).
    """
    clauses = with_section_labels(clauses)
    sentences = [s for c in clauses if c.kind == "clause" for s in sentences_of(c)]
    opening = opening_sentences(clauses)
    signing = [s for c in clauses if c.kind == "signature" for s in sentences_of(c)]
    timeline = list(term_and_renewal(sentences))
    initial = next((f for f in timeline if f.name == "initial_term"), None)
    found = [
        *_termination_notice(sentences, parties),
        *renewal_notice(sentences),
        *_cure_period(sentences),
        *timeline,
        *liability_cap(sentences, definitions_in(clauses)),
        *cap_exclusions(sentences, references(clauses)),
        *_consequential(sentences),
        *_indemnification(sentences, clauses, parties),
        *payment(sentences),
        *law_and_forum(sentences),
        *_non_solicitation(sentences),
        *_confidentiality_survival(sentences, clauses),
        *dates(opening, sentences, initial, signing),
    ]
    by_id = {c.id: c for c in clauses}
    in_opening = {s.clause.id for s in opening + signing}
    return [f for f in found if _labelled(f, by_id, in_opening)]
