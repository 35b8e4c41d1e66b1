"""Moroccan names in Latin and Arabic script for the demonstration centre (invented people)."""

GIRLS = [
    ("Fatima Zahra", "فاطمة الزهراء"), ("Khadija", "خديجة"), ("Salma", "سلمى"), ("Imane", "إيمان"),
    ("Hajar", "هاجر"), ("Meryem", "مريم"), ("Aya", "آية"), ("Hiba", "هبة"), ("Nour", "نور"),
    ("Yasmine", "ياسمين"), ("Ikram", "إكرام"), ("Zineb", "زينب"), ("Oumaima", "أميمة"),
    ("Chaimae", "شيماء"), ("Asmae", "أسماء"), ("Nada", "ندى"), ("Rania", "رانية"),
    ("Malak", "ملاك"), ("Hanae", "هناء"), ("Soukaina", "سكينة"), ("Ilham", "إلهام"),
    ("Naima", "نعيمة"), ("Latifa", "لطيفة"), ("Rachida", "رشيدة"), ("Samira", "سميرة"),
    ("Aicha", "عائشة"), ("Houda", "هدى"), ("Kawtar", "كوثر"), ("Wiam", "وئام"), ("Douae", "دعاء"),
]

BOYS = [
    ("Mohamed", "محمد"), ("Youssef", "يوسف"), ("Ayoub", "أيوب"), ("Hamza", "حمزة"),
    ("Amine", "أمين"), ("Omar", "عمر"), ("Anas", "أنس"), ("Mehdi", "المهدي"), ("Ilyas", "إلياس"),
    ("Zakaria", "زكرياء"), ("Othmane", "عثمان"), ("Adam", "آدم"), ("Rayan", "ريان"),
    ("Yassine", "ياسين"), ("Soufiane", "سفيان"), ("Hicham", "هشام"), ("Abdellah", "عبد الله"),
    ("Ismail", "إسماعيل"), ("Bilal", "بلال"), ("Walid", "وليد"), ("Karim", "كريم"),
    ("Said", "سعيد"), ("Rachid", "رشيد"), ("Mustapha", "مصطفى"), ("Abderrahim", "عبد الرحيم"),
    ("Khalid", "خالد"), ("Noureddine", "نور الدين"), ("Mhamed", "امحمد"), ("Brahim", "إبراهيم"),
    ("Taha", "طه"),
]

FAMILY_NAMES = [
    ("El Amrani", "العمراني"), ("Benali", "بنعلي"), ("Alaoui", "العلوي"), ("El Idrissi", "الإدريسي"),
    ("Bennani", "بناني"), ("Tazi", "التازي"), ("Berrada", "برادة"), ("Ait Benhaddou", "آيت بنحدو"),
    ("Ouazzani", "الوزاني"), ("El Fassi", "الفاسي"), ("Chraibi", "الشرايبي"), ("Lahlou", "لحلو"),
    ("Ziani", "الزياني"), ("Bouzid", "بوزيد"), ("Essaidi", "السعيدي"), ("El Mansouri", "المنصوري"),
    ("Ait Ouahmane", "آيت وحمان"), ("Naciri", "الناصري"), ("Haddaoui", "الحداوي"),
    ("Belkadi", "بلقاضي"), ("Kettani", "الكتاني"), ("Zerouali", "الزروالي"), ("Sebbar", "صبار"),
    ("El Ouafi", "الوافي"), ("Moussaoui", "الموساوي"), ("Rami", "رامي"), ("Jabri", "الجابري"),
    ("Benjelloun", "بنجلون"), ("Ait Lahcen", "آيت لحسن"), ("Boukhari", "البخاري"),
    ("Cherkaoui", "الشرقاوي"), ("Daoudi", "الداودي"), ("Filali", "الفيلالي"), ("Ghazi", "الغازي"),
    ("Hamdaoui", "الحمداوي"), ("Karimi", "الكريمي"), ("Mernissi", "المرنيسي"), ("Naji", "ناجي"),
    ("Ouardi", "الوردي"), ("Sqalli", "السقلي"),
]
