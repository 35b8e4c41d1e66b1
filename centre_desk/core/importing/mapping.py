"""Which row is the header, which column holds which field, guessed from French, Arabic and
English headers; the mapping chosen is saved per file shape and offered again."""
from __future__ import annotations

import hashlib
import json
import unicodedata

from centre_desk.core.i18n import N_
from centre_desk.core.importing.values import clean_text

# Field codes and their labels (shown in the mapping step's combo boxes).
FIELDS = {
    "ignore": N_("(not imported)"),
    "full_name": N_("Full name (family name and first name)"),
    "last_name": N_("Family name"),
    "first_name": N_("First name"),
    "full_name_arabic": N_("Full name in Arabic"),
    "last_name_arabic": N_("Family name in Arabic"),
    "first_name_arabic": N_("First name in Arabic"),
    "sex": N_("Sex"),
    "birth_date": N_("Date of birth"),
    "birth_place": N_("Place of birth"),
    "entry_date": N_("Date of registration"),
    "exit_date": N_("Date of leaving"),
    "exit_reason": N_("Reason for leaving"),
    "guardian_name": N_("Guardian"),
    "guardian_phone": N_("Guardian's phone"),
    "address": N_("Address"),
    "school_level": N_("School level"),
    "school_name": N_("School"),
    "file_number": N_("Former file number"),
}

# Folded header words (no accents, lower case) that name each field, longest first wins.
_HEADERS = {
    "full_name": ["nom et prenom", "nom & prenom", "nom prenom", "nom complet", "full name",
                  "name", "enfant", "nom de l'enfant", "beneficiaire"],
    "last_name": ["nom", "nom de famille", "last name", "family name", "surname"],
    "first_name": ["prenom", "first name", "given name"],
    "full_name_arabic": ["الاسم الكامل", "الاسم و النسب", "الاسم والنسب", "الاسم الكامل للطفل",
                         "اسم الطفل", "nom en arabe", "nom arabe"],
    "last_name_arabic": ["الاسم العائلي", "النسب", "اللقب", "nom (arabe)", "nom arabe famille"],
    "first_name_arabic": ["الاسم", "الاسم الشخصي", "prenom arabe", "prenom (arabe)"],
    "sex": ["sexe", "genre", "sex", "gender", "الجنس", "m/f", "g/f"],
    "birth_date": ["date de naissance", "date naissance", "ne le", "ne(e) le", "naissance",
                   "date of birth", "birth date", "dob", "تاريخ الازدياد", "تاريخ الميلاد",
                   "تاريخ الولادة", "annee de naissance"],
    "birth_place": ["lieu de naissance", "place of birth", "مكان الازدياد", "مكان الولادة"],
    "entry_date": ["date d'inscription", "date inscription", "inscription", "date d'entree",
                   "date entree", "entry date", "registration date", "تاريخ التسجيل",
                   "تاريخ الالتحاق"],
    "exit_date": ["date de sortie", "sortie", "date de depart", "exit date", "date left",
                  "تاريخ المغادرة", "تاريخ الخروج"],
    "exit_reason": ["motif de sortie", "motif", "raison", "reason", "سبب المغادرة", "السبب"],
    "guardian_name": ["tuteur", "nom du tuteur", "parent", "mere", "pere", "responsable",
                      "guardian", "الولي", "ولي الامر", "اسم الولي", "الام", "الاب"],
    "guardian_phone": ["tel tuteur", "tel", "telephone", "tel.", "gsm", "portable",
                       "telephone tuteur", "tel parent", "phone", "guardian phone", "الهاتف",
                       "رقم الهاتف", "هاتف الولي"],
    "address": ["adresse", "address", "quartier", "العنوان", "الحي"],
    "school_level": ["niveau", "niveau scolaire", "classe", "level", "grade", "المستوى",
                     "المستوى الدراسي", "القسم"],
    "school_name": ["ecole", "etablissement", "school", "المدرسة", "المؤسسة"],
    "file_number": ["n°", "no", "numero", "n° dossier", "dossier", "file", "رقم", "الرقم",
                    "رقم الملف"],
}


def fold_header(text) -> str:
    text = clean_text(text).casefold().replace("é", "e")
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in decomposed if not unicodedata.combining(char))
    text = text.replace("أ", "ا").replace("إ", "ا").replace("ة", "ه").rstrip(" :.*")
    return " ".join(text.replace("_", " ").split())


_INDEX = {fold_header(word): field for field, words in _HEADERS.items() for word in words}


def guess_field(header) -> str:
    key = fold_header(header)
    if not key:
        return "ignore"
    if key in _INDEX:
        return _INDEX[key]
    best, length = "ignore", 0  # "Tél tuteur (GSM)" holds "tel tuteur"
    for word, field in _INDEX.items():
        if len(word) >= 3 and word in key and len(word) > length:
            best, length = field, len(word)
    return best


def find_header_row(rows: list[list], look: int = 30) -> int:
    """The first row among the first ``look`` whose cells name the most known fields: title
    rows, blank rows and merged title cells (one filled cell) score lower."""
    best, score = 0, -1
    for index, row in enumerate(rows[:look]):
        texts = [cell for cell in row if isinstance(cell, str) and cell.strip()]
        if len(texts) < 2:
            continue
        known = len({guess_field(cell) for cell in texts} - {"ignore"})
        if known > score:
            best, score = index, known
    return best


def guess_mapping(headers: list) -> list[str]:
    """One field per column; a field claimed twice keeps its first column only."""
    mapping, seen = [], set()
    for header in headers:
        field = guess_field(header)
        if field in seen and field != "ignore":
            field = "ignore"
        seen.add(field)
        mapping.append(field)
    if "full_name" in mapping and "last_name" in mapping:  # "Nom" beside "Nom et prénom"
        mapping[mapping.index("last_name")] = "ignore"
    return mapping


def shape_key(headers: list) -> str:
    """Files of the same shape (same headers, in order) share their saved mapping."""
    text = "\x1f".join(fold_header(header) for header in headers)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


SETTING_PREFIX = "import.mapping."


def saved_mapping(headers: list) -> list[str] | None:
    from centre_desk.core.models import Setting

    row = Setting.get_or_none(Setting.key == SETTING_PREFIX + shape_key(headers))
    if row is None:
        return None
    try:
        mapping = json.loads(row.value)
    except ValueError:
        return None
    if len(mapping) != len(headers) or any(field not in FIELDS for field in mapping):
        return None
    return mapping


def save_mapping(headers: list, mapping: list[str]) -> None:
    """Inside the caller's transaction (the import's)."""
    from centre_desk.core.models import Setting

    key = SETTING_PREFIX + shape_key(headers)
    Setting.insert(key=key, value=json.dumps(mapping)).on_conflict_replace().execute()


def mapping_from_json(headers: list, data) -> list[str]:
    """A mapping given on the command line: {"Header": "field", ...} or a list of fields."""
    from centre_desk.core.errors import UserError
    from centre_desk.core.i18n import _

    if isinstance(data, list):
        mapping = [str(field) for field in data]
    elif isinstance(data, dict):
        folded = {fold_header(key): value for key, value in data.items()}
        mapping = [folded.get(fold_header(header), "ignore") for header in headers]
    else:
        raise UserError(_("The mapping file should hold an object: column header to field."))
    unknown = sorted({field for field in mapping if field not in FIELDS})
    if unknown or len(mapping) != len(headers):
        raise UserError(_("The mapping file names unknown fields or the wrong number of "
                          "columns. Fields: {fields}.").format(fields=", ".join(FIELDS)))
    return mapping
