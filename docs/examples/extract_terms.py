"""Extract the key terms of a contract and print those a person should check.

Run: python docs/examples/extract_terms.py [CONTRACT]  (without an argument, a short
contract written here is used).
"""

from __future__ import annotations

import sys

import contractkit as ck
from contractkit.terms.model import PartyNotice

CONTRACT = b"""CONSULTING AGREEMENT

This Agreement is made between Acme Ltd ("Client") and Jo Bloggs ("Consultant").

1. Termination

1.1 Either party may terminate this Agreement for convenience on thirty (30) days' written
notice.

1.2 Either party may terminate this Agreement if the other commits a material breach and
fails to remedy it within fourteen (14) days.

2. Liability

2.1 Each party's total liability shall not exceed the fees paid in the twelve (12) months
before the claim.
"""


def main() -> None:
    result = ck.extract(sys.argv[1] if len(sys.argv) > 1 else CONTRACT)
    for party in result.parties:
        print(f"{party.defined_as}: {party.name} ({party.role})")
    for term in result.terms:
        flag = "  <- check against the paper" if term.needs_review else ""
        print(f"{term.name}: {term.value} (page {term.page}: {term.text!r}){flag}")
    notice = result.term("termination_notice")
    if len(sys.argv) == 1:
        assert notice is not None and notice.value == PartyNotice("either", 30, "days")


if __name__ == "__main__":
    main()
