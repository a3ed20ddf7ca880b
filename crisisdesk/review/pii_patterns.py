"""Personal data found by its shape: phone numbers, national and iqama IDs, IBANs, e-mail
addresses, WhatsApp ids, @handles and social-profile URLs.

People write numbers every way a keyboard allows: Arabic-Indic and Persian digits, spaces,
no-break spaces, dashes of every width, dots, brackets around an area code, and glued to
the words around them (``جوالي0551230116``, ``رقمي_0551230119``). So a number is a run of
digits of any script with at most three separator characters between two digits, bounded
only by other digits; it is personal data when it holds 8 digits or more and is not a date,
a time or a year range. One compiled pattern scans a text once for every kind.
"""

from __future__ import annotations

import re

D = "[0-9\u0660-\u0669\u06f0-\u06f9]"
NOT_D = "(?<![0-9\u0660-\u0669\u06f0-\u06f9])"
NO_D_AFTER = "(?![0-9\u0660-\u0669\u06f0-\u06f9])"
# Between two digits of one number: spaces of every width, no-break and narrow no-break
# spaces, zero-width and bidi marks, hyphens and dashes of every width, minus, dots,
# slashes, brackets.
SEP = (
    "[ \\t\u00a0\u1680\u2000-\u200f\u202a-\u202f\u205f\u2060\u2066-\u2069\u3000\ufeff"
    "\\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d.\u00b7/()\\[\\]]"
)
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
MIN_DIGITS = 8

PROFILE_HOSTS = (
    r"twitter\.com|x\.com|instagram\.com|facebook\.com|fb\.com|m\.facebook\.com|tiktok\.com|"
    r"snapchat\.com|t\.me|telegram\.me|wa\.me|api\.whatsapp\.com|linkedin\.com|youtube\.com|"
    r"threads\.net|soundcloud\.com|github\.com"
)

PATTERN = re.compile(
    # kept as they are: ISO times and dates, Hijri or Gregorian dates, year ranges, hashes
    rf"(?P<skip>{NOT_D}\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d{{1,9}})?)?"
    rf"(?:Z|[+-]\d{{2}}:?\d{{2}})?)?{NO_D_AFTER}"
    rf"|{NOT_D}\d{{1,4}}[/.\-]\d{{1,2}}[/.\-]\d{{2,4}}{NO_D_AFTER}"
    rf"|{NOT_D}(?:1[3-9]|20)\d{{2}}\s?[-\u2013/]\s?(?:1[3-9]|20)\d{{2}}{NO_D_AFTER}"
    r"|(?<![0-9a-fA-F])[0-9a-f]{32,}(?![0-9a-fA-F]))"
    r"|(?P<email>[\w.+%'-]+@[\w-]+(?:\.[\w-]+)+)"
    rf"|(?P<url>(?:https?://)?(?<![\w.])(?:www\.|m\.|mobile\.)?(?:{PROFILE_HOSTS})"
    r"(?:/[^\s<>\"'،؛]*)?)"
    rf"|(?P<iban>(?<![A-Za-z0-9])[Ss][Aa]{SEP}?{D}{D}(?:{SEP}?[0-9A-Za-z\u0660-\u0669]){{20}}"
    r"(?![0-9A-Za-z]))"
    # a handle glued to Arabic letters or after dots (`الحساب@x`, `.@x`) is still a handle;
    # after an ASCII word character it is part of an address, found as an e-mail
    r"|(?P<handle>(?<![A-Za-z0-9_@])@[^\W][\w.]{0,49})"
    rf"|(?P<number>{NOT_D}[+\uff0b]?(?:\(\s?)?{D}(?:{SEP}{{0,3}}{D})+{NO_D_AFTER})",
    re.IGNORECASE,
)
HOST_HINT = re.compile(PROFILE_HOSTS, re.IGNORECASE)
NOT_ASCII_DIGIT = re.compile(r"[^0-9]")
WITHOUT_DIGITS = dict.fromkeys(map(ord, "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"))


def worth_scanning(text: str) -> bool:
    """Whether ``text`` can hold anything the pattern masks: enough digits for a number or an
    IBAN, an ``@`` (e-mail, handle, WhatsApp id) or a profile host. Most texts cannot."""
    if "@" in text or len(text) - len(text.translate(WITHOUT_DIGITS)) >= MIN_DIGITS:
        return True
    return "." in text and HOST_HINT.search(text) is not None


def digits_of(value: str) -> str:
    """Only the digits, in ASCII."""
    return NOT_ASCII_DIGIT.sub("", value.translate(DIGITS))


def phone_digits(value: str) -> str:
    """The national form of a number, so +966 55…, 00966 55…, 966 55… and 055… are one."""
    digits = digits_of(value)
    if digits.startswith("00"):
        digits = digits[2:]
    if digits.startswith("966") and len(digits) >= 11:
        digits = "0" + digits[3:]
    elif len(digits) == 9 and digits.startswith("5"):
        digits = "0" + digits
    return digits


def number_kind(found: str) -> str | None:
    """``phone`` or ``id`` for a personal number, ``None`` for a figure to keep."""
    digits = phone_digits(found)
    if len(digits) < MIN_DIGITS:
        return None
    if len(digits) == 10 and digits[0] in "12":
        return "id"  # Saudi national ID (1…) or iqama (2…)
    return "phone"


def whatsapp_phone(address: str) -> str | None:
    """The number of a WhatsApp id written as an address (``9665…@s.whatsapp.net``)."""
    local, _, domain = address.partition("@")
    if domain.lower() in ("s.whatsapp.net", "c.us", "whatsapp.net") and digits_of(local):
        return local
    return None
