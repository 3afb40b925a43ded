"""Read the numbers legal text writes: durations, amounts of money, percentages.

Contracts write one figure many ways: ``thirty (30) days``, ``ninety days``, ``one month``,
``two (2) years``, ``a 12-month period``, ``USD 1,000,000``, ``one million dollars``,
``£250,000``, ``1.5% per month``, ``four per cent (4%)``. Each finder returns matches with
their offsets in the text it was given, so a term can point at its words on the page.

Number words go through ``text2num`` (a maintained parser for English number words), not a
hand-written table. When a figure is written both ways and they disagree (``thirty (80)
days``, a typical OCR misreading), the words are taken (as courts read a contract) and the
match says so: a person must check it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from text_to_num import text2num

T = TypeVar("T", covariant=True)

__all__ = [
    "Duration",
    "DurationUnit",
    "Found",
    "MarginRate",
    "Money",
    "Rate",
    "base_rate",
    "find_durations",
    "find_money",
    "find_rates",
    "is_figure",
    "parse_number",
]

#: Units a duration is normalised to: weeks become days, years become months (both exact).
DurationUnit = Literal["days", "business_days", "months"]


@dataclass(frozen=True, slots=True)
class Duration:
    """A period of time, exactly as the contract fixes it.

    Attributes:
        amount: How many units (``int`` when whole).
        unit: ``days`` (calendar days), ``business_days`` or ``months``.
    """

    amount: int | float
    unit: DurationUnit

    @property
    def approx_days(self) -> float:
        """The period in days, a month counted as 30 (for comparing, not for dates)."""
        return float(self.amount) * (30 if self.unit == "months" else 1)

    def __str__(self) -> str:
        unit = self.unit.replace("_", " ")
        return f"{_plain(self.amount)} {unit[:-1] if self.amount == 1 else unit}"


@dataclass(frozen=True, slots=True)
class Money:
    """An amount of money with its ISO 4217 currency code (``None`` if the text has none)."""

    amount: int | float
    currency: str | None

    def __str__(self) -> str:
        return f"{self.currency or ''} {self.amount:,}".strip()


@dataclass(frozen=True, slots=True)
class Rate:
    """A percentage, optionally per period (``1.5`` per ``month``)."""

    percent: int | float
    per: Literal["month", "year"] | None

    def __str__(self) -> str:
        return f"{_plain(self.percent)}%" + (f" per {self.per}" if self.per else "")


@dataclass(frozen=True, slots=True)
class MarginRate:
    """A rate over a reference rate: "prime + 5% per annum" is 5 over prime, not 5.

    Attributes:
        base: The reference rate (``prime``, ``LIBOR``, ``SOFR``, ``base rate``).
        margin: The percentage added to it.
        per: The period it runs over, if the text gives one.
    """

    base: str
    margin: int | float
    per: Literal["month", "year"] | None

    def __str__(self) -> str:
        per = f" per {self.per}" if self.per else ""
        return f"{self.base} + {_plain(self.margin)}%{per}"


@dataclass(frozen=True, slots=True)
class Found(Generic[T]):
    """One value found in a text: where it is and whether its figures agree.

    Attributes:
        value: The normalised value.
        start: Offset of the match in the searched text.
        end: Offset just past the match.
        conflict: The words and the digits give different numbers (``thirty (80)``).
    """

    value: T
    start: int
    end: int
    conflict: bool = False


def _plain(number: int | float) -> str:
    return f"{number:g}" if isinstance(number, float) else str(number)


# -- numbers -----------------------------------------------------------------------------------

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
]
_SCALES = ("hundred", "thousand", "million", "billion")
_WORD = r"(?:" + "|".join(sorted(_UNITS + list(_SCALES), key=len, reverse=True)) + r")"
#: "thirty", "forty-five", "one hundred and twenty", "two million"
NUMBER_WORDS = rf"{_WORD}(?:(?:[\s-]+|\s+and\s+){_WORD})*"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
#: Number words cannot begin with a scale: "million and one" follows digits ("$1,049 ").
_SCALE_FIRST = re.compile(r"(?i)(?:hundred|thousand|million|billion)\b")
_SPECIAL = {"a": 1, "an": 1, "one": 1, "half a": 0.5, "twice": 2, "double": 2, "triple": 3}


def parse_number(text: str) -> int | float | None:
    """The number ``text`` writes, in digits or English words; ``None`` if it is not one.

    >>> parse_number("forty-five"), parse_number("1,000,000"), parse_number("1.5")
    (45, 1000000, 1.5)
    """
    text = text.strip().lower()
    if not text:
        return None
    if text in _SPECIAL:
        return _SPECIAL[text]
    if re.fullmatch(_DIGITS, text):
        value = float(text.replace(",", ""))
        return int(value) if value.is_integer() else value
    words = re.sub(r"\s+", " ", text.replace("-", " ").replace(" and ", " "))
    if not re.fullmatch(rf"{_WORD}(?: {_WORD})*", words):
        return None
    try:
        return int(text2num(words, "en"))
    except ValueError:
        return None


#: A figure as contracts write it: words, digits, or words with the digits in brackets.
_FIGURE = (
    rf"(?P<words>\b{NUMBER_WORDS}\b|\ban?\b|\bhalf\s+a\b)?"
    rf"\s*(?:\(\s*(?P<paren>{_DIGITS})\s*\)|(?P<digits>(?<![\w.,]){_DIGITS}))?"
)


def _figure(match: re.Match[str]) -> tuple[int | float, bool] | None:
    """The figure's value and whether its words and digits disagree."""
    words, digits = match.group("words"), match.group("paren") or match.group("digits")
    if words and _SCALE_FIRST.match(words):
        return None  # "$1,049 million and one percent": the tail of an amount, not a figure
    if words and words.lower() in ("a", "an") and digits:
        words = None  # "a 12-month period"
    elif words and match.group("digits"):
        return None  # "one 30 days": two figures, not one
    said = parse_number(words) if words else None
    shown = parse_number(digits) if digits else None
    if said is None and shown is None:
        return None
    if said is not None and shown is not None:
        return said, said != shown  # words prevail over figures, as courts read them
    value = shown if shown is not None else said
    assert value is not None
    return value, False


def is_figure(word: str) -> bool:
    """Whether a word writes a number ("30", "(30)", "thirty", "1,000,000"), not "a" or "an"."""
    core = word.strip("()[],.;:'’\"").lower()
    if re.search(r"\d", core):
        return True
    return core not in ("a", "an") and parse_number(core.removesuffix("'s")) is not None


# -- durations ---------------------------------------------------------------------------------

_DURATION = re.compile(
    _FIGURE + r"[\s-]*(?P<kind>calendar|business|working|banking)?[\s-]*"
    r"(?P<unit>days?|weeks?|months?|years?)(?:'s|s'|'|’s|s’|’)?(?![a-z])",
    re.IGNORECASE,
)
_UNIT_OF = {"day": "days", "week": "days", "month": "months", "year": "months"}
_SCALE = {"day": 1, "week": 7, "month": 1, "year": 12}


#: Longest period a contract term plausibly runs (a 999-year lease is an estate, not a term).
_MAX_MONTHS = 1200
_MONEY_BEFORE = re.compile(r"(?i)(?:[$£€]|\b(?:USD|EUR|GBP))\s*[\d,.]*\s*$")
_PER_BEFORE = re.compile(r"(?i)(?:dollars?|euros?|pounds?|%|percent|per\s*cent|\d|fees?|rent)\s*$")


def _plausible(
    match: re.Match[str], amount: float, unit: DurationUnit, before: str, after: str
) -> bool:
    """Whether a duration match is one: "$2 million year-over-year" and "$50 a year" are not."""
    words = (match.group("words") or "").lower()
    if re.search(r"thousand|million|billion", words) or after.startswith(("-over-", " over ")):
        return False
    if _MONEY_BEFORE.search(before + (match.group("digits") or "")):
        return False  # "$2 million year", "USD 5 year"
    if words in ("a", "an") and not match.group("paren") and _PER_BEFORE.search(before):
        return False  # "fifty thousand dollars a year": a rate, not a period of one year
    limit = _MAX_MONTHS * (30 if unit != "months" else 1)
    return amount <= limit


def find_durations(text: str) -> Iterator[Found[Duration]]:
    """Yield every period of time in ``text``, normalised to days, business days or months.

    >>> [str(f.value) for f in find_durations("thirty (30) days or one year")]
    ['30 days', '12 months']
    """
    for match in _DURATION.finditer(text):
        figure = _figure(match)
        if figure is None:
            continue
        value, conflict = figure
        unit_word = match.group("unit").lower().rstrip("s")
        kind = (match.group("kind") or "").lower()
        unit: DurationUnit = _UNIT_OF[unit_word]  # type: ignore[assignment]
        if unit == "days" and kind in ("business", "working", "banking"):
            unit = "business_days"
        amount = value * _SCALE[unit_word]
        if isinstance(amount, float) and amount.is_integer():
            amount = int(amount)
        before = text[max(match.start() - 12, 0) : match.start()]
        if not _plausible(match, amount, unit, before, text[match.end() : match.end() + 6]):
            continue
        start = match.start("words") if match.group("words") else match.start()
        start += len(text[start : match.end()]) - len(text[start : match.end()].lstrip())
        yield Found(Duration(amount, unit), start, match.end(), conflict)


# -- money -------------------------------------------------------------------------------------

_SYMBOLS = {"$": "USD", "us$": "USD", "£": "GBP", "€": "EUR", "c$": "CAD", "a$": "AUD"}
_CODES = ("USD", "GBP", "EUR", "CAD", "AUD", "CHF", "NZD", "JPY", "INR", "SGD")
_NAMES = {
    "dollar": "USD",
    "us dollar": "USD",
    "pound": "GBP",
    "pound sterling": "GBP",
    "sterling": "GBP",
    "euro": "EUR",
    "canadian dollar": "CAD",
    "australian dollar": "AUD",
}
_SCALED = r"thousand|million|billion|k|m|bn"
_AMOUNT = (
    r"(?P<amount>\d{1,3}(?:[,.]\d{3})+(?:[.,]\d{1,2})?|\d+(?:\.\d{1,2})?)"
    rf"(?:\s*(?P<mult>{_SCALED})\b)?"
)
_MONEY = re.compile(
    # symbol or code first: $5,000 · USD 1,000,000 · EUR 50.000 · £40
    rf"(?P<pre>US\$|C\$|A\$|[$£€]|\b(?:{'|'.join(_CODES)})\b)\s?{_AMOUNT}"
    # or a figure then the currency: 1,000,000 dollars · one million dollars ($1,000,000)
    rf"|(?P<figure>\b{NUMBER_WORDS}\b|{_DIGITS})(?:\s*(?P<mult2>{_SCALED})\b)?\s+"
    r"(?P<post>(?:(?:united\s+states|us|u\.s\.|canadian|australian)\s+)?"
    r"(?:dollars?|pounds?(?:\s+sterling)?|sterling|euros?)|"
    + "|".join(_CODES)
    + r")\b(?:\s*\((?P<echo>[^)]{1,30})\))?",
    re.IGNORECASE,
)
_SCALE_WORDS = {"thousand": 1_000, "k": 1_000, "million": 1_000_000, "m": 1_000_000}
_SCALE_WORDS |= {"billion": 1_000_000_000, "bn": 1_000_000_000}


def _amount(digits: str, currency: str | None) -> float:
    """Digits with grouping: "1,000,000.50"; "50.000" and "1.000,50" where euros use them."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?", digits):
        return float(digits.replace(".", "").replace(",", "."))
    return float(digits.replace(",", ""))


def _currency_of(word: str) -> str | None:
    word = re.sub(r"\s+", " ", word.lower().replace("u.s.", "us")).rstrip("s")
    if word.upper() in _CODES:
        return word.upper()
    if word in _SYMBOLS:
        return _SYMBOLS[word]
    word = re.sub(r"^(united states|us) ", "us ", word)
    return _NAMES.get(word.removeprefix("us ") if word.startswith("us ") else word)


def find_money(text: str) -> Iterator[Found[Money]]:
    """Yield every amount of money in ``text`` with its currency.

    >>> [str(f.value) for f in find_money("one million dollars ($1,000,000) or £250,000")]
    ['USD 1,000,000', 'GBP 250,000']
    """
    for match in _MONEY.finditer(text):
        if match.group("pre"):
            currency = _currency_of(match.group("pre"))
            value = _amount(match.group("amount"), currency)
        else:
            currency = _currency_of(match.group("post"))
            parsed = parse_number(match.group("figure"))
            if parsed is None:
                continue
            value = float(parsed)
        value *= _SCALE_WORDS.get((match.group("mult") or match.group("mult2") or "").lower(), 1)
        conflict = False
        if echo := match.group("echo"):
            shown = next(find_money(echo), None)
            if shown is not None:
                conflict = shown.value.amount != value
        amount: int | float = int(value) if value.is_integer() else value
        yield Found(Money(amount, currency), match.start(), match.end(), conflict)


# -- percentages -------------------------------------------------------------------------------

_RATE = re.compile(
    rf"(?:(?P<words>\b{NUMBER_WORDS}(?:\s+and\s+(?:a\s+)?(?P<frac>half|quarter))?)\s+"
    rf"(?:per\s*cent|percent)\s*(?:\(\s*(?P<paren>{_DIGITS})\s*%\s*\))?"
    rf"|(?P<digits>{_DIGITS})\s*(?:%|per\s*cent\b|percent\b))"
    r"(?:[^.;%]{0,40}?\b(?:per|a|each|every)\s+(?P<per>month|annum|year|calendar\s+month)\b)?",
    re.IGNORECASE,
)


#: A reference rate just before the margin: "prime + 5%", "LIBOR plus 3.5%".
_BASE_BEFORE = re.compile(
    r"(?i)\b(?P<base>prime(?:\s+(?:lending\s+)?rate)?|libor|sofr|euribor|sonia|base\s+rate|federal\s+f"
    r"unds\s+(?:effective\s+)?rate)\b[^.;%]{0,30}?(?:\+|\bplus\b|\babove\b|\bover\b)\s*$"
)


def base_rate(text: str, found: Found[Rate]) -> Found[MarginRate] | None:
    """The rate ``found`` as a margin over the reference rate just before it, if there is one.

    >>> rate = next(find_rates("prime + 5% per annum"))
    >>> str(base_rate("prime + 5% per annum", rate).value)
    'prime + 5% per year'
    """
    base = _BASE_BEFORE.search(text[max(found.start - 60, 0) : found.start])
    if base is None:
        return None
    word = re.sub(r"\s+", " ", base["base"].lower())
    name = "prime" if word.startswith("prime") else word.upper() if " " not in word else word
    start = max(found.start - 60, 0) + base.start()
    value = MarginRate(name, found.value.percent, found.value.per)
    return Found(value, start, found.end, found.conflict)


def find_rates(text: str) -> Iterator[Found[Rate]]:
    """Yield every percentage in ``text``, with the period it runs over when one is given.

    >>> [str(f.value) for f in find_rates("1.5% per month, or eight percent (8%) per annum")]
    ['1.5% per month', '8% per year']
    """
    for match in _RATE.finditer(text):
        conflict = False
        start = match.start()
        if match.group("digits"):
            value = parse_number(match.group("digits"))
        else:
            words = match["words"]
            if _SCALE_FIRST.match(words):
                # "$1,049 million and one percent": the amount's scale, then "one percent"
                tail = re.split(r"(?i)\s+and\s+", words, maxsplit=1)
                if len(tail) < 2:
                    continue
                words, start = tail[1], match.start("words") + words.rfind(tail[1])
            value = parse_number(re.sub(r"\s+and\s+(a\s+)?(half|quarter)$", "", words))
            if value is not None and match.group("frac"):
                value += 0.5 if match.group("frac").lower() == "half" else 0.25
            if match.group("paren") and value is not None:
                shown = parse_number(match.group("paren"))
                conflict = shown is not None and shown != value
        if value is None:
            continue
        per_word = (match.group("per") or "").lower()
        per: Literal["month", "year"] | None = (
            "month" if "month" in per_word else "year" if per_word else None
        )
        yield Found(Rate(value, per), start, match.end(), conflict)


# -- dates -------------------------------------------------------------------------------------
