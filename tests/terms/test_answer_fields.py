"""Parties, dates and governing law in the wordings of filed contracts (issue 14).

Every preamble here is written for the test, with invented names, in the style of the
contracts CUAD's lawyers answered on: several names before one defined term, names in lower
case, trade names, letter agreements, labelled parties, a preamble after a table of contents.
"""

from __future__ import annotations

import datetime as dt

import pytest

import contractkit
from contractkit.clauses.taxonomy import ClauseType as T
from contractkit.terms._calendar import find_dates
from contractkit.terms.model import Dated, Jurisdiction, Perpetual
from contractkit.terms.parties import find_parties
from tests.terms.conftest import ByHeading


def names(text: str) -> list[str | None]:
    return [p.name for p in find_parties(text)]


def test_two_names_share_one_defined_term() -> None:
    text = (
        'This Services Agreement (this "Agreement") is made by and between Harbor Quay '
        'Systems Ltd. (the "Provider"), and Pelican Reach Pte. Ltd., a company organized under '
        "the laws of Singapore, and Lumen Fold Industries Ltd, a company organized under the "
        'laws of Israel (each and both of them "Recipient").'
    )
    assert names(text) == [
        "Harbor Quay Systems Ltd.",
        "Pelican Reach Pte. Ltd.",
        "Lumen Fold Industries Ltd",
    ]
    assert [p.defined_as for p in find_parties(text)][1:] == ["Recipient", "Recipient"]


def test_a_place_in_the_description_is_not_a_party() -> None:
    text = (
        "This Agreement is made by and between Tarn Valley Limited, a company registered under "
        'the laws of England and Wales ("Tarn"), and Ostrava Mills s.r.o. ("Ostrava").'
    )
    assert names(text) == ["Tarn Valley Limited", "Ostrava Mills s.r.o."]


def test_the_defined_term_belongs_to_the_last_of_two_names() -> None:
    text = (
        "This Development Agreement is between qMetric Inc., a public corporation, with a "
        "location at 9 Pine Lane, Boston and Hangzhou Ferrous Ltd. of Hangzhou, China "
        '("Ferrous"), each individually a "Party".'
    )
    parties = find_parties(text)
    assert [p.name for p in parties] == ["qMetric Inc.", "Hangzhou Ferrous Ltd. of Hangzhou"]
    assert parties[1].defined_as == "Ferrous"


@pytest.mark.parametrize(
    ("second", "name"),
    [
        ('zentrix.com, inc. ("zentrix")', "zentrix.com, inc."),
        ('e-vantage, Inc. ("e-vantage")', "e-vantage, Inc."),
        ('qPhase Devices Inc. ("qPhase")', "qPhase Devices Inc."),
    ],
)
def test_names_in_lower_case(second: str, name: str) -> None:
    text = (
        'This Agreement is entered into by and between Brightwater Media, Inc. ("Bright"), a '
        f"Delaware corporation, located at 14 Harbour Road, Albany, NY 10018 and {second}, a "
        "Delaware corporation."
    )
    assert names(text) == ["Brightwater Media, Inc.", name]


def test_a_trade_name_stays_with_the_name() -> None:
    text = (
        'This Agreement is made by and between GRNW 2, LLC, d/b/a/ HILLTOP ORCHARDS ("Hilltop"), '
        'a Delaware limited liability company, and Corvid Foods, Inc ("Corvid").'
    )
    assert names(text)[0] == "GRNW 2, LLC, d/b/a/ HILLTOP ORCHARDS"


def test_parties_listed_as_a_b_and_c_and_numbered() -> None:
    text = (
        "This Agreement is made as of May 2, 1996, by and among the following parties: (a) Vela "
        'Studios, Inc. ("Vela"), 12 Orchard Street, Reno; (b) The Kestrel Group ("Kestrel"); '
        'and (c) Amberline Optics Co. ("Amberline"). 1. Recitals. (a) Whereas Amberline makes '
        'frames (the "Products").'
    )
    assert names(text) == ["Vela Studios, Inc.", "Kestrel Group", "Amberline Optics Co."]


def test_between_and_with_colons() -> None:
    text = (
        "THIS AGREEMENT dated May 1, 2008.\nBETWEEN: NORTHCOVE MINING CORP., a company organized "
        'under the laws of Nevada ("Northcove")\nAND: PERIDOT HOLDINGS LIMITED, a private '
        'limited company ("Peridot")\nWITNESSES THAT the parties agree.'
    )
    assert names(text) == ["NORTHCOVE MINING CORP.", "PERIDOT HOLDINGS LIMITED"]


def test_a_letter_agreement_names_its_addressee_before_the_salutation() -> None:
    text = (
        "Exhibit 1.2 HOLLOWAY BANCORP up to 500,000 Shares AGENCY AGREEMENT May 3, 2010 "
        "Fenwick, Rourke & Dale, Inc. 10 Wacker Drive Chicago, Illinois Ladies and Gentlemen: "
        'Holloway Bancorp, a Tennessee corporation (the "Company"), and Holloway Savings Bank '
        '(the "Bank") confirm their agreement with you.'
    )
    assert names(text)[:2] == ["Holloway Bancorp", "Holloway Savings Bank"]


def test_labelled_parties_on_a_cover() -> None:
    text = (
        "COOPERATION AGREEMENT Party A: Qinling Digital Media Co., Ltd. Address: 4F, 12 Ring "
        "Road, Xi'an Party B: Yellowstone Play Technology Co., Ltd. Address: 8 Park Street."
    )
    assert names(text) == [
        "Qinling Digital Media Co., Ltd.",
        "Yellowstone Play Technology Co., Ltd.",
    ]


@pytest.mark.parametrize(
    "junk",
    [
        "Under this Agreement",
        "Future orders and delivery will follow the schedule",
        "Transporter and Shipper shall collectively be",
    ],
)
def test_words_of_a_sentence_are_not_a_name(junk: str) -> None:
    text = (
        'This Agreement is made by and between Alder Freight Inc. ("Alder") and Birch Energy '
        f'LLC ("Birch"). {junk} referred to as "Carriers".'
    )
    assert names(text) == ["Alder Freight Inc.", "Birch Energy LLC"]


def test_signers_in_capitals_for_a_contract_signed_by_its_parties() -> None:
    text = (
        "JOINT FILING AGREEMENT\n\nEach of the undersigned agrees to the joint filing of this "
        "statement.\n\nIN WITNESS WHEREOF, the undersigned have signed this agreement.\n\n"
        "Date: May 4, 2020 HARTWELL CAPITAL CORPORATION\nBy: /s/ Ann Lee\n\n"
        "HARTWELL PREFERRED FUNDING COMPANY\nBy: /s/ Ann Lee\n"
    )
    assert names(text) == ["HARTWELL CAPITAL CORPORATION", "HARTWELL PREFERRED FUNDING COMPANY"]


def test_a_redacted_party_keeps_its_defined_term() -> None:
    text = (
        "This Distributor Agreement dated [*] is between Corvane Inc., a New York corporation, "
        "having a principal place of business at 9 Lake Road, Rochester NY 14623 And [*] "
        "('Distributor') For good and valuable consideration, the parties agree."
    )
    assert [(p.name, p.defined_as) for p in find_parties(text)] == [("Corvane Inc.", None)]


def test_names_in_a_form_with_name_labels() -> None:
    text = (
        "SUPPORT AGREEMENT Between Client Name: HARLOW CLINIC GROUP, INC. 12 Generation Drive "
        "South Bend, IN Principal Contact: Tom Reed And Customer Name: QTS, INC. 99 Service "
        "Drive Louisville, KY"
    )
    assert names(text) == ["HARLOW CLINIC GROUP, INC.", "QTS, INC."]


def test_a_weekday_inside_a_date() -> None:
    found = [f.value for f in find_dates("made this 20th day of Friday, March 2020")]
    assert found == [dt.date(2020, 3, 20)]
    assert [f.value for f in find_dates("made as of July 11 , 2006")] == [dt.date(2006, 7, 11)]
    assert [f.value for f in find_dates("dated May 3,2006.")] == [dt.date(2006, 5, 3)]
    assert [f.value for f in find_dates("this first (1st) day of January, 1996")] == [
        dt.date(1996, 1, 1)
    ]
    assert [f.value for f in find_dates("MADE ON THE 19 DAY OF MAY , 2010")] == [
        dt.date(2010, 5, 19)
    ]


LABELS = ByHeading({"Term": [T.TERM], "Governing Law": [T.GOVERNING_LAW]})


def extract(text: str) -> contractkit.Extraction:
    return contractkit.extract(text.encode(), classifier=LABELS)


PREAMBLE = (
    'This Supply Agreement (the "Agreement") is made by and between Wrenfield Ltd. ("Wren") '
    'and Osprey Corp. ("Osprey")'
)


def test_a_contract_without_an_effective_date_takes_effect_on_its_date() -> None:
    result = extract(f"{PREAMBLE}, dated as of March 3, 2011.\n\n1. Term\n\n1.1 Five years.\n")
    assert result.term("agreement_date").value == Dated(dt.date(2011, 3, 3))  # type: ignore[union-attr]
    assert result.term("effective_date").value == Dated(dt.date(2011, 3, 3))  # type: ignore[union-attr]


def test_an_effective_date_defined_as_an_event_is_not_the_contracts_date() -> None:
    body = (
        f'{PREAMBLE}, dated as of March 3, 2011.\n\n1. Term\n\n1.1 The "Effective Date" means '
        "the date on which the Closing occurs.\n"
    )
    assert extract(body).term("effective_date") is None


def test_a_preamble_after_a_table_of_contents() -> None:
    contents = "".join(f"{i}.{j} Heading number {i}{j} {i}\n" for i in range(1, 80) for j in (1, 2))
    body = (
        f"TABLE OF CONTENTS\n\n{contents}\n{PREAMBLE}, entered into as of the 31 day of July, "
        '2019 (the "Effective Date").\n\n1. Term\n\n1.1 It runs for two years.\n'
    )
    assert len(contents) > 4000
    result = extract(body)
    assert result.term("effective_date").value == Dated(dt.date(2019, 7, 31))  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("sentence", "end"),
    [
        (
            "This Agreement will commence on the Effective Date and will terminate on the third "
            "anniversary of the Effective Date.",
            dt.date(2014, 3, 3),
        ),
        (
            "The initial term shall end on the five (5) year anniversary of the Effective Date.",
            dt.date(2016, 3, 3),
        ),
        (
            "The term of this Agreement will continue for a period of three (3) years after the "
            "Effective Date.",
            dt.date(2014, 3, 3),
        ),
    ],
)
def test_ends_counted_from_the_effective_date(sentence: str, end: dt.date) -> None:
    body = (
        f'{PREAMBLE}, effective as of the 3rd day of March, 2011 (the "Effective Date").\n\n'
        f"1. Term\n\n1.1 {sentence}\n"
    )
    assert extract(body).term("expiration_date").value == Dated(end)  # type: ignore[union-attr]


def test_a_notice_period_does_not_end_an_open_ended_term() -> None:
    body = (
        f"{PREAMBLE}.\n\n1. Term\n\n1.1 This Agreement shall remain in effect until terminated "
        "by either party upon ninety (90) days' prior written notice.\n"
    )
    assert isinstance(extract(body).term("expiration_date").value, Perpetual)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("sentence", "jurisdiction"),
    [
        ("This Agreement shall be construed in accordance with English law.", "England and Wales"),
        (
            "Effective legislation of the Republic of Kazakhstan shall apply to this Contract.",
            "Kazakhstan",
        ),
        (
            "The Bank is chartered under the laws of the State of Ohio. This Agreement is "
            "governed by the laws of the State of New York.",
            "New York",
        ),
    ],
)
def test_governing_law_wordings(sentence: str, jurisdiction: str) -> None:
    result = extract(f"{PREAMBLE}.\n\n1. Governing Law\n\n1.1 {sentence}\n")
    assert result.term("governing_law").value == Jurisdiction(jurisdiction)  # type: ignore[union-attr]


def test_without_a_date_in_the_opening_words_the_last_signature_dates_it() -> None:
    body = (
        f"{PREAMBLE}.\n\n1. Term\n\n1.1 Two years.\n\nIN WITNESS WHEREOF, the parties have "
        "signed this Agreement as of the date below.\n\nWRENFIELD LTD.\n\nBy: /s/ A. Smith\n\n"
        "Date: January 26, 2020\n\nOSPREY CORP.\n\nBy: /s/ B. Jones\n\nDate: January 27, 2020\n"
    )
    result = extract(body)
    assert result.term("agreement_date").value == Dated(dt.date(2020, 1, 27))  # type: ignore[union-attr]


def test_a_list_of_parties_that_runs_past_the_opening_words() -> None:
    contents = "".join(
        f"{i}.{j} Heading number {i}{j} {i}\n" for i in range(1, 200) for j in (1, 2)
    )
    text = contents[:5850] + (
        '\n\nThis Network Agreement is entered into as of May 1, 2019 (the "Effective Date") by '
        "and between Marlin Wireless, LLC, a Delaware limited liability company (hereinafter "
        'referred to as "Vendor"), and Kestrel Mobility LLC, a Delaware limited liability '
        'company (hereinafter referred to as "Kestrel").\n\n1.0 Scope\n'
    )
    assert names(text) == ["Marlin Wireless, LLC", "Kestrel Mobility LLC"]
