"""One cell's value as the register typed it, made into what the file holds: text trimmed, dates
in every form, phones in Moroccan format, sex and school level mapped, full names split.

Each function returns the value and, when something was guessed or repaired, a warning code;
a value that cannot be used raises BadValue with its reason code. Codes are turned into
sentences by ``plan.reason_text`` (translated there)."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

from centre_desk.core import names

ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u200b\u200e\u200f\ufeff]+")
_IS_ARABIC = re.compile("[\u0600-\u06ff]")
EXCEL_EPOCH = dt.date(1899, 12, 30)


class BadValue(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def clean_text(value) -> str:
    """Spaces, non-breaking spaces, direction marks and tatweel gone; one space between words."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("ـ", "")
    return _SPACES.sub(" ", text).strip()


def is_arabic(text: str) -> bool:
    return bool(_IS_ARABIC.search(text or ""))


# --- dates --------------------------------------------------------------------------------------

_DMY = re.compile(r"(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{2,4})")
_YMD = re.compile(r"(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})")
_YEAR = re.compile(r"(?:(?:vers|env\.?|environ|about|c\.|حوالي|~)\s*)?(\d{4})")


def _year(two_or_four: str, today: dt.date) -> int:
    year = int(two_or_four)
    if len(two_or_four) <= 2:  # 09 is 2009, 95 is 1995: never in the future
        year += 2000 if year <= today.year % 100 else 1900
    return year


def parse_date(value, today: dt.date) -> tuple[dt.date | None, str, str | None]:
    """(date, precision, warning): precision "exact" or "year" (a year alone, approximate).

    Accepts date cells, Excel serial numbers, dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd,
    two-digit years and Arabic-Indic digits. An impossible date raises BadValue."""
    if value is None or value == "":
        return None, "unknown", None
    if isinstance(value, dt.datetime):
        return value.date(), "exact", None
    if isinstance(value, dt.date):
        return value, "exact", None
    if isinstance(value, bool):
        raise BadValue("bad_date")
    if isinstance(value, (int, float)):
        number = int(value)
        if 1900 <= number <= today.year + 1 and float(value).is_integer():
            return dt.date(number, 1, 1), "year", "approximate_date"
        if 1 <= number <= 80000:
            return EXCEL_EPOCH + dt.timedelta(days=number), "exact", None
        raise BadValue("bad_date")
    text = clean_text(value).translate(ARABIC_DIGITS)
    if not text:
        return None, "unknown", None
    try:
        if match := _YMD.fullmatch(text):
            year, month, day = (int(part) for part in match.groups())
            return dt.date(year, month, day), "exact", None
        if match := _DMY.fullmatch(text):
            day, month, year = match.groups()
            warning = "two_digit_year" if len(year) <= 2 else None
            return dt.date(_year(year, today), int(month), int(day)), "exact", warning
    except ValueError:
        raise BadValue("impossible_date") from None
    if (match := _YEAR.fullmatch(text.lower())) and 1900 <= int(match.group(1)) <= today.year + 1:
        return dt.date(int(match.group(1)), 1, 1), "year", "approximate_date"
    if text.isdigit() and 1 <= int(text) <= 80000:
        return EXCEL_EPOCH + dt.timedelta(days=int(text)), "exact", None
    raise BadValue("bad_date")


# --- phones -------------------------------------------------------------------------------------

def parse_phone(value) -> tuple[str, str | None]:
    """A Moroccan number written 06 61 23 45 67; +212 and 00212 become 0. A number of nine
    digits that lost its leading zero (a spreadsheet took it for a number) gets it back, with
    a warning. Too short raises BadValue."""
    if value is None or value == "":
        return "", None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    digits = re.sub(r"\D", "", clean_text(value).translate(ARABIC_DIGITS))
    if not digits:
        return "", None
    warning = None
    if digits.startswith("00212"):
        digits = "0" + digits[5:]
    elif digits.startswith("212") and len(digits) == 12:
        digits = "0" + digits[3:]
    elif len(digits) == 9 and digits[0] in "5678":
        digits, warning = "0" + digits, "phone_repaired"
    if len(names.phone_key(digits)) < 9:
        raise BadValue("bad_phone")
    if len(digits) == 10 and digits.startswith("0"):
        return " ".join([digits[:2], digits[2:4], digits[4:6], digits[6:8], digits[8:]]), warning
    return digits, warning


# --- choices ------------------------------------------------------------------------------------

def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", clean_text(text).casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char)).strip(" .")


SEX_WORDS = {
    "m": {"m", "g", "h", "garcon", "garcons", "masculin", "male", "boy", "homme", "ذكر", "ذ",
          "ولد", "m.", "1"},
    "f": {"f", "fille", "filles", "feminin", "female", "girl", "femme", "انثى", "أنثى", "بنت",
          "ا", "أ", "2"},
}


_SEX_INDEX = {_fold(word): code for code, words in SEX_WORDS.items() for word in words}


def parse_sex(value) -> str:
    text = _fold(value)
    if text in _SEX_INDEX:
        return _SEX_INDEX[text]
    if not text:
        raise BadValue("no_sex")
    raise BadValue("unknown_sex")


# The school levels of the Moroccan system, as the file keeps them (school_level is text).
LEVELS = {
    "Préscolaire": ("prescolaire", "maternelle", "gs", "ms", "ps", "التعليم الاولي", "روض"),
    "1AP": ("1ap", "1 ap", "1ere annee primaire", "1ere primaire", "cp", "1p",
            "الاولى ابتدائي", "الأولى ابتدائي", "الاول ابتدائي"),
    "2AP": ("2ap", "2 ap", "2eme annee primaire", "2eme primaire", "ce1", "2p",
            "الثانية ابتدائي", "الثاني ابتدائي"),
    "3AP": ("3ap", "3 ap", "3eme annee primaire", "3eme primaire", "ce2", "3p",
            "الثالثة ابتدائي", "الثالث ابتدائي"),
    "4AP": ("4ap", "4 ap", "4eme annee primaire", "4eme primaire", "cm1", "4p",
            "الرابعة ابتدائي", "الرابع ابتدائي"),
    "5AP": ("5ap", "5 ap", "5eme annee primaire", "5eme primaire", "cm2", "5p",
            "الخامسة ابتدائي", "الخامس ابتدائي"),
    "6AP": ("6ap", "6 ap", "6eme annee primaire", "6eme primaire", "6p",
            "السادسة ابتدائي", "السادس ابتدائي"),
    "1AC": ("1ac", "1 ac", "1ere annee college", "1ere college", "الاولى اعدادي",
            "الأولى إعدادي"),
    "2AC": ("2ac", "2 ac", "2eme annee college", "2eme college", "الثانية اعدادي",
            "الثانية إعدادي"),
    "3AC": ("3ac", "3 ac", "3eme annee college", "3eme college", "الثالثة اعدادي",
            "الثالثة إعدادي"),
    "TC": ("tc", "tronc commun", "الجذع المشترك", "جذع مشترك"),
    "1BAC": ("1bac", "1 bac", "1ere bac", "الاولى باكالوريا", "الأولى بكالوريا"),
    "2BAC": ("2bac", "2 bac", "2eme bac", "bac", "الثانية باكالوريا", "الثانية بكالوريا"),
}
_LEVEL_INDEX = {_fold(word).replace("è", "e"): code for code, words in LEVELS.items()
                for word in (code, *words)}


def parse_level(value) -> tuple[str, str | None]:
    """(level, warning): a known level in its short form, else the text as typed, warned."""
    text = clean_text(value)
    if not text:
        return "", None
    key = _fold(text).replace("ère", "ere").replace("ème", "eme").replace("°", "")
    key = re.sub(r"\b(\d)(?:er|ere|e|eme)\b", r"\1eme", key).replace("1eme", "1ere")
    for candidate in (key, key.replace(" ", ""), _fold(text)):
        if candidate in _LEVEL_INDEX:
            return _LEVEL_INDEX[candidate], None
    return text, "unknown_level"


EXIT_WORDS = {
    "back_to_school": ("ecole", "scolarise", "retour a l'ecole", "school", "المدرسة", "التمدرس"),
    "vocational_training": ("formation", "formation professionnelle", "training", "التكوين",
                            "التكوين المهني"),
    "moved_away": ("demenage", "demenagement", "parti", "moved", "انتقل", "رحيل"),
    "family_reunified": ("famille", "reunification", "retour en famille", "family", "الاسرة"),
}


def parse_exit_reason(value) -> str:
    text = _fold(value)
    if not text:
        return "other"
    for code, words in EXIT_WORDS.items():
        if any(_fold(word) in text for word in words):
            return code
    return "other"


# --- names --------------------------------------------------------------------------------------

def split_full_name(text: str) -> tuple[str, str, str | None]:
    """(family name, first name, warning) from "EL AMRANI Mohamed", "Mohamed EL AMRANI" or
    "Amrani Mohamed": the words in capitals are the family name wherever they are; without
    capitals the first word is taken as the family name, with a warning."""
    text = clean_text(text)
    words = text.split()
    if len(words) < 2:
        return text, "", "single_name"
    if is_arabic(text):  # العمراني محمد: family name first, as registers write it
        return words[0], " ".join(words[1:]), None
    capitals = [word.isupper() and any(char.isalpha() for char in word) for word in words]
    if any(capitals) and not all(capitals):
        family = [word for word, upper in zip(words, capitals) if upper]
        first = [word for word, upper in zip(words, capitals) if not upper]
        return " ".join(family).title(), " ".join(first), None
    family, first = words[0], " ".join(words[1:])
    if all(capitals):
        first = first.title()
    return family.title() if family.isupper() else family, first, "name_split_guessed"
