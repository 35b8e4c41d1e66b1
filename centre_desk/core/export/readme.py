"""LISEZMOI.txt and اقرأني.txt: what each file of a package is."""
from __future__ import annotations

FRENCH, ARABIC = "LISEZMOI.txt", "اقرأني.txt"

INTRO = {
    "fr": ("Paquet de données du centre {code} pour le siège de l'association, période {period}, "
           "niveau {level}.\r\nFichiers CSV : UTF-8 avec BOM, séparateur « ; », virgule décimale. "
           "datapackage.json décrit chaque fichier (Frictionless Data) ; manifest.json donne "
           "l'empreinte SHA-256 de chaque fichier et une signature HMAC avec la clé de "
           "l'association.\r\nAucun nom, téléphone, adresse, numéro de dossier, date de "
           "naissance ni note ne figure dans ce paquet.\r\n\r\n"),
    "ar": ("حزمة معطيات المركز {code} لمقر الجمعية، الفترة {period}، المستوى {level}.\r\n"
           "ملفات CSV بترميز UTF-8 مع BOM، الفاصل «;»، الفاصلة العشرية «,». يصف الملف "
           "datapackage.json كل ملف، ويعطي manifest.json بصمة SHA-256 لكل ملف وتوقيع HMAC "
           "بمفتاح الجمعية.\r\nلا يتضمن هذا الملف أي اسم أو هاتف أو عنوان أو رقم ملف أو تاريخ "
           "ازدياد أو ملاحظة.\r\n\r\n"),
}
LEVEL = {"fr": {"aggregate": "agrégé (comptages seulement)",
                "pseudonymised": "pseudonymisé (une ligne par enfant, sans donnée personnelle)"},
         "ar": {"aggregate": "مجمّع (أعداد فقط)",
                "pseudonymised": "بأسماء مستعارة (سطر لكل طفل، دون معطيات شخصية)"}}


def text(language: str, tables, request, code: str, period: str) -> bytes:
    lines = [INTRO[language].format(code=code, period=period,
                                    level=LEVEL[language][request.level])]
    for table in tables:
        title = table.title if language == "fr" else table.title_ar
        lines.append(f"{table.name}.csv : {title}\r\n    "
                     + ", ".join(name for name, _kind in table.fields) + "\r\n")
    if request.suppress:
        lines.append("\r\n" + ("Les nombres de 1 à 4 sont écrits « <5 »." if language == "fr"
                               else "الأعداد من 1 إلى 4 مكتوبة «<5».") + "\r\n")
    return "\ufeff".join(["", "".join(lines)]).encode("utf-8")
