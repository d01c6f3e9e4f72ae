"""Demo content for the directory: two Duisburg districts and invented
businesses on real streets. Offline: coordinates are part of the data."""

import datetime
import hashlib
from decimal import Decimal

from django.utils.text import slugify

from quartier.clock import local_today

from .models import (
    BusinessJob,
    BusinessPage,
    Category,
    DirectoryIndexPage,
    District,
    Language,
    MapPage,
    PaymentMethod,
)

DISTRICTS = [
    {
        "slug": "hochfeld",
        "name": "Hochfeld",
        "city": "Duisburg",
        "postcodes": "47053",
        "centre": (51.4206, 6.7578),
        "description": "Lebendiger Stadtteil am Rhein, südlich der Duisburger Innenstadt.",
        "translations": {
            "tr": "Hochfeld",
            "ar": "هوخفيلد",
            "bg": "Хохфелд",
            "ro": "Hochfeld",
            "en": "Hochfeld",
        },
        # Simplified outline for the demo map, not an official boundary.
        "boundary": [
            [6.7430, 51.4265],
            [6.7560, 51.4290],
            [6.7690, 51.4262],
            [6.7720, 51.4180],
            [6.7650, 51.4110],
            [6.7500, 51.4120],
            [6.7420, 51.4190],
            [6.7430, 51.4265],
        ],
    },
    {
        "slug": "marxloh",
        "name": "Marxloh",
        "city": "Duisburg",
        "postcodes": "47169",
        "centre": (51.5010, 6.7790),
        "description": "Bekannt für die Brautmodenmeile an der Weseler Straße, im Duisburger Norden.",
        "translations": {
            "tr": "Marxloh",
            "ar": "ماركسلوه",
            "bg": "Марксло",
            "ro": "Marxloh",
            "en": "Marxloh",
        },
        "boundary": [
            [6.7650, 51.5090],
            [6.7820, 51.5110],
            [6.7960, 51.5060],
            [6.7950, 51.4950],
            [6.7830, 51.4910],
            [6.7680, 51.4930],
            [6.7620, 51.5010],
            [6.7650, 51.5090],
        ],
    },
]

# slug, German name, translations, colour, keywords
CATEGORIES = [
    (
        "friseur",
        "Friseur",
        {"en": "Hairdresser", "tr": "Kuaför", "ar": "حلاق", "bg": "Фризьор", "ro": "Frizerie"},
        "#7b2d8e",
        "Friseursalon\nBarbier\nHaarschnitt",
    ),
    (
        "baeckerei",
        "Bäckerei",
        {"en": "Bakery", "tr": "Fırın", "ar": "مخبز", "bg": "Пекарна", "ro": "Brutărie"},
        "#8a5a00",
        "Brot\nBrötchen\nKonditorei",
    ),
    (
        "brautmode",
        "Brautmode",
        {
            "en": "Bridal fashion",
            "tr": "Gelinlik",
            "ar": "فساتين الزفاف",
            "bg": "Булчинска мода",
            "ro": "Rochii de mireasă",
        },
        "#b3261e",
        "Hochzeit\nBrautkleid\nAbendmode",
    ),
    (
        "handwerk",
        "Handwerk",
        {
            "en": "Crafts and trades",
            "tr": "Zanaat",
            "ar": "حرف يدوية",
            "bg": "Занаяти",
            "ro": "Meserii",
        },
        "#5d4037",
        "Elektriker\nSanitär\nMaler\nSchlüsseldienst",
    ),
    (
        "lebensmittel",
        "Lebensmittel",
        {
            "en": "Groceries",
            "tr": "Market",
            "ar": "بقالة",
            "bg": "Хранителни стоки",
            "ro": "Alimente",
        },
        "#1e6b35",
        "Supermarkt\nObst\nGemüse\nMetzgerei",
    ),
    (
        "gastronomie",
        "Restaurant und Imbiss",
        {
            "en": "Restaurant and snack bar",
            "tr": "Restoran ve büfe",
            "ar": "مطعم",
            "bg": "Ресторант",
            "ro": "Restaurant",
        },
        "#c2410c",
        "Essen\nDöner\nPizza\nCafé",
    ),
    (
        "apotheke",
        "Apotheke",
        {"en": "Pharmacy", "tr": "Eczane", "ar": "صيدلية", "bg": "Аптека", "ro": "Farmacie"},
        "#0b7a75",
        "Medikamente",
    ),
    (
        "elektronik",
        "Handy und Elektronik",
        {
            "en": "Phones and electronics",
            "tr": "Telefon ve elektronik",
            "ar": "هواتف وإلكترونيات",
            "bg": "Телефони и електроника",
            "ro": "Telefoane și electronice",
        },
        "#0b5394",
        "Handyreparatur\nDisplay\nComputer",
    ),
    (
        "schneiderei",
        "Schneiderei",
        {"en": "Tailor", "tr": "Terzi", "ar": "خياط", "bg": "Шивачница", "ro": "Croitorie"},
        "#6a1b9a",
        "Änderungsschneiderei\nNähen",
    ),
    (
        "juwelier",
        "Juwelier",
        {"en": "Jeweller", "tr": "Kuyumcu", "ar": "صائغ", "bg": "Бижутер", "ro": "Bijuterie"},
        "#9a6b00",
        "Gold\nSchmuck\nUhren",
    ),
    (
        "reisebuero",
        "Reisebüro",
        {
            "en": "Travel agency",
            "tr": "Seyahat acentesi",
            "ar": "وكالة سفر",
            "bg": "Туристическа агенция",
            "ro": "Agenție de turism",
        },
        "#00695c",
        "Flüge\nReisen",
    ),
    (
        "gesundheit",
        "Arztpraxis und Gesundheit",
        {
            "en": "Doctor and health",
            "tr": "Doktor ve sağlık",
            "ar": "طبيب وصحة",
            "bg": "Лекар и здраве",
            "ro": "Medic și sănătate",
        },
        "#ad1457",
        "Arzt\nZahnarzt\nPhysiotherapie",
    ),
    (
        "beratung",
        "Beratung und Büro",
        {
            "en": "Advice and office services",
            "tr": "Danışmanlık",
            "ar": "استشارات",
            "bg": "Консултации",
            "ro": "Consultanță",
        },
        "#37474f",
        "Steuerberatung\nÜbersetzung\nVersicherung",
    ),
]

LANGUAGES = [
    ("de", "Deutsch", "Deutsch"),
    ("tr", "Türkçe", "Türkisch"),
    ("ar", "العربية", "Arabisch"),
    ("bg", "Български", "Bulgarisch"),
    ("ro", "Română", "Rumänisch"),
    ("en", "English", "Englisch"),
    ("ku", "Kurdî", "Kurdisch"),
    ("pl", "Polski", "Polnisch"),
    ("ru", "Русский", "Russisch"),
    ("fr", "Français", "Französisch"),
    ("fa", "فارسی", "Persisch"),
    ("el", "Ελληνικά", "Griechisch"),
]

PAYMENT_METHODS = [
    (
        "bar",
        "Bargeld",
        {"en": "Cash", "tr": "Nakit", "ar": "نقدًا", "bg": "В брой", "ro": "Numerar"},
    ),
    (
        "girocard",
        "Girocard (EC)",
        {
            "en": "Debit card",
            "tr": "Banka kartı",
            "ar": "بطاقة مصرفية",
            "bg": "Дебитна карта",
            "ro": "Card de debit",
        },
    ),
    (
        "kreditkarte",
        "Kreditkarte",
        {
            "en": "Credit card",
            "tr": "Kredi kartı",
            "ar": "بطاقة ائتمان",
            "bg": "Кредитна карта",
            "ro": "Card de credit",
        },
    ),
    (
        "mobil",
        "Mobil bezahlen",
        {
            "en": "Mobile payment",
            "tr": "Mobil ödeme",
            "ar": "الدفع عبر الجوال",
            "bg": "Мобилно плащане",
            "ro": "Plată mobilă",
        },
    ),
]

# Street anchors: (district slug, street, postcode, lat, lng); positions of
# house numbers are spread along the street for the demo.
STREETS = {
    "Wanheimer Straße": ("hochfeld", "47053", 51.4197, 6.7586),
    "Brückenplatz": ("hochfeld", "47053", 51.4229, 6.7524),
    "Heerstraße": ("hochfeld", "47053", 51.4180, 6.7555),
    "Hochfeldstraße": ("hochfeld", "47053", 51.4236, 6.7600),
    "Paulusstraße": ("hochfeld", "47053", 51.4212, 6.7620),
    "Fischerstraße": ("hochfeld", "47053", 51.4160, 6.7530),
    "Weseler Straße": ("marxloh", "47169", 51.5003, 6.7783),
    "Kaiser-Wilhelm-Straße": ("marxloh", "47169", 51.4985, 6.7752),
    "Warbruckstraße": ("marxloh", "47169", 51.5032, 6.7808),
    "August-Bebel-Platz": ("marxloh", "47169", 51.4998, 6.7810),
    "Hagedornstraße": ("marxloh", "47169", 51.5021, 6.7745),
    "Wolfstraße": ("marxloh", "47169", 51.5045, 6.7770),
}

WEEKDAY_HOURS = "Mo-Fr 09:00-18:00; Sa 10:00-14:00; PH off"
SHOP_HOURS = "Mo-Sa 10:00-19:00; PH off"
FOOD_HOURS = "Mo-Su 11:00-22:00"
BAKERY_HOURS = "Mo-Sa 06:00-18:00; Su 07:00-11:00"
PRACTICE_HOURS = "Mo,Tu,Th 08:00-12:00,14:00-18:00; We,Fr 08:00-12:00; PH off"

# name, category, street, house number, tagline, hours, languages, wheelchair, payments
BUSINESSES = [
    (
        "Salon Lale",
        "friseur",
        "Wanheimer Straße",
        "112",
        "Damen- und Herrenschnitt ohne Termin",
        "Tu-Sa 09:00-19:00",
        "de tr",
        "yes",
        "bar girocard",
    ),
    (
        "Berber Kemal",
        "friseur",
        "Weseler Straße",
        "41",
        "Klassischer Herrenschnitt und Rasur",
        SHOP_HOURS,
        "de tr ku",
        "limited",
        "bar",
    ),
    (
        "Haarwerk am Brückenplatz",
        "friseur",
        "Brückenplatz",
        "3",
        "Farbe, Schnitt und Hochsteckfrisuren",
        "Tu-Fr 09:00-18:00; Sa 08:00-14:00",
        "de ro",
        "yes",
        "bar girocard kreditkarte",
    ),
    (
        "Frizerie Ana",
        "friseur",
        "Heerstraße",
        "27",
        "Friseurin mit Herz, auch für Kinder",
        WEEKDAY_HOURS,
        "ro de",
        "no",
        "bar",
    ),
    (
        "Bäckerei Sonnenkorn",
        "baeckerei",
        "Wanheimer Straße",
        "87",
        "Frisches Brot aus eigenem Ofen",
        BAKERY_HOURS,
        "de",
        "yes",
        "bar girocard",
    ),
    (
        "Fırın Anadolu",
        "baeckerei",
        "Weseler Straße",
        "78",
        "Simit, Pide und türkisches Gebäck",
        "Mo-Su 06:00-20:00",
        "tr de",
        "yes",
        "bar girocard",
    ),
    (
        "Brotzeit Marxloh",
        "baeckerei",
        "Kaiser-Wilhelm-Straße",
        "260",
        "Bäckerei und Stehcafé",
        BAKERY_HOURS,
        "de tr",
        "limited",
        "bar girocard mobil",
    ),
    (
        "Pekarna Sofia",
        "baeckerei",
        "Hochfeldstraße",
        "14",
        "Banitsa und Brot nach bulgarischer Art",
        "Mo-Sa 07:00-17:00",
        "bg de",
        "no",
        "bar",
    ),
    (
        "Brautatelier Rosengarten",
        "brautmode",
        "Weseler Straße",
        "52",
        "Brautkleider nach Maß und von der Stange",
        "Mo-Sa 10:00-19:00",
        "de tr ar",
        "yes",
        "bar girocard kreditkarte",
    ),
    (
        "Gelinlik Evi Yıldız",
        "brautmode",
        "Weseler Straße",
        "66",
        "Brautmode, Abendkleider und Zubehör",
        "Mo-Sa 10:00-20:00",
        "tr de",
        "yes",
        "bar girocard kreditkarte",
    ),
    (
        "Traumkleid Marxloh",
        "brautmode",
        "Weseler Straße",
        "90",
        "Hochzeitsmode für die ganze Familie",
        "Mo-Sa 11:00-19:00",
        "de tr bg",
        "limited",
        "bar girocard kreditkarte",
    ),
    (
        "Abendmode Leyla",
        "brautmode",
        "Kaiser-Wilhelm-Straße",
        "280",
        "Abendkleider und Verlobungsmode",
        "Tu-Sa 11:00-19:00",
        "tr ar de",
        "no",
        "bar kreditkarte",
    ),
    (
        "Sultan Brautmoden",
        "brautmode",
        "Weseler Straße",
        "104",
        "Kleider, Anzüge und Accessoires",
        "Mo-Sa 10:00-19:30",
        "tr de en",
        "yes",
        "bar girocard kreditkarte",
    ),
    (
        "Elektro Yilmaz",
        "handwerk",
        "Paulusstraße",
        "8",
        "Elektroinstallation und Reparatur",
        "Mo-Fr 07:30-16:30",
        "de tr",
        "no",
        "bar girocard",
    ),
    (
        "Malerbetrieb Farbenfroh",
        "handwerk",
        "Fischerstraße",
        "33",
        "Maler- und Lackierarbeiten",
        "Mo-Fr 07:00-16:00",
        "de pl",
        "no",
        "girocard",
    ),
    (
        "Schlüsseldienst Rheinblick",
        "handwerk",
        "Heerstraße",
        "61",
        "Schlüssel, Schlösser und Sicherheitstechnik",
        "Mo-Fr 09:00-18:00; Sa 09:00-13:00",
        "de ar",
        "yes",
        "bar girocard",
    ),
    (
        "Sanitär Dogan",
        "handwerk",
        "Warbruckstraße",
        "19",
        "Bad, Heizung und Sanitär",
        "Mo-Fr 08:00-17:00",
        "de tr ku",
        "no",
        "bar girocard",
    ),
    (
        "Obst und Gemüse Bereket",
        "lebensmittel",
        "Weseler Straße",
        "120",
        "Frisches Obst und Gemüse jeden Tag",
        "Mo-Sa 08:00-20:00",
        "tr de ar",
        "yes",
        "bar girocard",
    ),
    (
        "Market Balkan",
        "lebensmittel",
        "Wanheimer Straße",
        "140",
        "Lebensmittel aus Bulgarien und Rumänien",
        "Mo-Sa 08:00-21:00; Su 10:00-16:00",
        "bg ro de",
        "yes",
        "bar girocard",
    ),
    (
        "Feinkost Zeytin",
        "lebensmittel",
        "August-Bebel-Platz",
        "4",
        "Oliven, Käse und Spezialitäten",
        SHOP_HOURS,
        "tr de",
        "limited",
        "bar girocard kreditkarte",
    ),
    (
        "Metzgerei Halal Hochfeld",
        "lebensmittel",
        "Wanheimer Straße",
        "95",
        "Frisches Fleisch aus der Region",
        "Mo-Sa 08:00-19:00",
        "ar tr de",
        "yes",
        "bar girocard",
    ),
    (
        "Supermarkt Damaskus",
        "lebensmittel",
        "Hagedornstraße",
        "7",
        "Arabische Lebensmittel und Gewürze",
        "Mo-Sa 09:00-21:00",
        "ar de ku",
        "yes",
        "bar girocard",
    ),
    (
        "Lokanta Güzel",
        "gastronomie",
        "Weseler Straße",
        "35",
        "Hausmannskost wie bei Mama",
        FOOD_HOURS,
        "tr de",
        "yes",
        "bar girocard",
    ),
    (
        "Imbiss am Markt",
        "gastronomie",
        "August-Bebel-Platz",
        "9",
        "Döner, Falafel und Salate",
        "Mo-Su 10:00-23:00",
        "tr ar de",
        "yes",
        "bar",
    ),
    (
        "Café Rheinufer",
        "gastronomie",
        "Hochfeldstraße",
        "30",
        "Frühstück, Kuchen und Kaffee",
        "Tu-Su 08:00-18:00",
        "de en",
        "yes",
        "bar girocard kreditkarte mobil",
    ),
    (
        "Restaurant Levante",
        "gastronomie",
        "Kaiser-Wilhelm-Straße",
        "301",
        "Syrische und libanesische Küche",
        "Mo-Su 12:00-23:00",
        "ar de en",
        "limited",
        "bar girocard",
    ),
    (
        "Pizzeria Bella Hochfeld",
        "gastronomie",
        "Wanheimer Straße",
        "60",
        "Pizza aus dem Steinofen",
        "Tu-Su 11:30-22:30",
        "de tr",
        "yes",
        "bar girocard",
    ),
    (
        "Apotheke am Brückenplatz",
        "apotheke",
        "Brückenplatz",
        "9",
        "Beratung auch auf Türkisch und Arabisch",
        "Mo-Fr 08:30-18:30; Sa 09:00-13:00",
        "de tr ar",
        "yes",
        "bar girocard kreditkarte",
    ),
    (
        "Eczane Marxloh",
        "apotheke",
        "Weseler Straße",
        "11",
        "Ihre Apotheke an der Weseler Straße",
        "Mo-Fr 08:00-18:30; Sa 08:30-13:30",
        "de tr",
        "yes",
        "bar girocard kreditkarte",
    ),
    (
        "Handy-Doktor Hochfeld",
        "elektronik",
        "Wanheimer Straße",
        "121",
        "Handyreparatur in 30 Minuten",
        "Mo-Sa 10:00-19:00",
        "de tr ar",
        "yes",
        "bar girocard",
    ),
    (
        "Phone Point Marxloh",
        "elektronik",
        "Kaiser-Wilhelm-Straße",
        "248",
        "Displaytausch, Zubehör und Verträge",
        "Mo-Sa 10:00-20:00",
        "tr de ku",
        "yes",
        "bar girocard",
    ),
    (
        "PC-Hilfe Paulus",
        "elektronik",
        "Paulusstraße",
        "21",
        "Computerreparatur und Datenrettung",
        "Mo-Fr 10:00-18:00",
        "de bg",
        "no",
        "bar girocard",
    ),
    (
        "Terzi Usta",
        "schneiderei",
        "Weseler Straße",
        "72",
        "Änderungen und Maßanfertigung",
        "Mo-Sa 09:00-19:00",
        "tr de",
        "limited",
        "bar",
    ),
    (
        "Nähstube Croitoria",
        "schneiderei",
        "Heerstraße",
        "44",
        "Änderungsschneiderei, schnell und günstig",
        "Mo-Fr 09:00-18:00; Sa 10:00-13:00",
        "ro de",
        "no",
        "bar",
    ),
    (
        "Juwelier Altın",
        "juwelier",
        "Weseler Straße",
        "58",
        "Gold, Trauringe und Uhren",
        "Mo-Sa 10:00-19:00",
        "tr de ar",
        "yes",
        "bar girocard kreditkarte",
    ),
    (
        "Goldschmiede Rubin",
        "juwelier",
        "Kaiser-Wilhelm-Straße",
        "270",
        "Schmuck nach Maß und Reparaturen",
        "Tu-Sa 10:00-18:00",
        "de tr",
        "limited",
        "bar girocard kreditkarte",
    ),
    (
        "Reisebüro Bosporus",
        "reisebuero",
        "Warbruckstraße",
        "2",
        "Flüge in die Türkei und weltweit",
        WEEKDAY_HOURS,
        "tr de",
        "yes",
        "bar girocard kreditkarte",
    ),
    (
        "Reisen Carpați",
        "reisebuero",
        "Wanheimer Straße",
        "150",
        "Bus- und Flugreisen nach Rumänien und Bulgarien",
        WEEKDAY_HOURS,
        "ro bg de",
        "no",
        "bar girocard",
    ),
    (
        "Hausarztpraxis am Rhein",
        "gesundheit",
        "Fischerstraße",
        "12",
        "Allgemeinmedizin, Sprechstunde auf Arabisch",
        PRACTICE_HOURS,
        "de ar en",
        "yes",
        "girocard",
    ),
    (
        "Zahnarztpraxis Lächeln",
        "gesundheit",
        "Kaiser-Wilhelm-Straße",
        "290",
        "Zahnmedizin für die ganze Familie",
        PRACTICE_HOURS,
        "de tr ru",
        "yes",
        "girocard kreditkarte",
    ),
    (
        "Physio Aktiv Marxloh",
        "gesundheit",
        "Wolfstraße",
        "15",
        "Krankengymnastik und Massage",
        "Mo-Fr 08:00-19:00",
        "de tr pl",
        "yes",
        "girocard",
    ),
    (
        "Steuerbüro Brücke",
        "beratung",
        "Brückenplatz",
        "6",
        "Steuererklärung und Buchhaltung für kleine Betriebe",
        "Mo-Th 09:00-17:00; Fr 09:00-13:00",
        "de tr ar",
        "limited",
        "girocard",
    ),
    (
        "Übersetzungsbüro Sprachbrücke",
        "beratung",
        "Weseler Straße",
        "24",
        "Beglaubigte Übersetzungen in zwölf Sprachen",
        WEEKDAY_HOURS,
        "de tr ar bg ro fa",
        "no",
        "bar girocard",
    ),
    (
        "Versicherungsbüro Güven",
        "beratung",
        "Hagedornstraße",
        "20",
        "Versicherungen und Beratung",
        "Mo-Fr 09:00-18:00",
        "tr de",
        "yes",
        "girocard",
    ),
]


JOB_OFFERS = [
    (
        "Aushilfe im Verkauf",
        BusinessJob.Kind.MINIJOB,
        "Zwei Tage pro Woche, gern auch Quereinsteiger.",
    ),
    (
        "Ausbildungsplatz ab August",
        BusinessJob.Kind.APPRENTICESHIP,
        "Wir bilden aus. Schulabschluss hilft, ist aber kein Muss.",
    ),
    ("Schülerpraktikum", BusinessJob.Kind.INTERNSHIP, "Zwei bis drei Wochen reinschnuppern."),
]


def demo_jobs(number):
    """Every fifth demo business offers a job; valid for a while from today."""
    if number % 5:
        return []
    title, kind, description = JOB_OFFERS[(number // 5) % len(JOB_OFFERS)]
    return [
        BusinessJob(
            title=title,
            kind=kind,
            description=description,
            contact="Bitte im Laden fragen.",
            valid_until=local_today() + datetime.timedelta(days=120),
        )
    ]


def offset_for(name):
    """A small, stable offset (±~150 m) so that shops on one street do not stack."""
    digest = hashlib.sha256(name.encode()).digest()
    return (digest[0] - 128) / 128 * 0.0012, (digest[1] - 128) / 128 * 0.0018


def load_reference_data():
    districts = {}
    for data in DISTRICTS:
        district, _ = District.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "city": data["city"],
                "postcodes": data["postcodes"],
                "description": data["description"],
                "centre_latitude": Decimal(str(data["centre"][0])),
                "centre_longitude": Decimal(str(data["centre"][1])),
                "name_translations": data["translations"],
                "boundary": {"type": "Polygon", "coordinates": [data["boundary"]]},
                "sort_order": len(districts),
            },
        )
        districts[district.slug] = district
    for order, (slug, name, translations, colour, keywords) in enumerate(CATEGORIES):
        Category.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_translations": translations,
                "colour": colour,
                "keywords": keywords,
                "sort_order": order,
            },
        )
    for order, (code, native, german) in enumerate(LANGUAGES):
        Language.objects.update_or_create(
            code=code, defaults={"native_name": native, "german_name": german, "sort_order": order}
        )
    for order, (slug, name, translations) in enumerate(PAYMENT_METHODS):
        PaymentMethod.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "name_translations": translations, "sort_order": order},
        )
    return districts


def get_or_create_child(parent, model, slug, **fields):
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing, False
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def load(home, stdout):
    districts = load_reference_data()
    categories = {c.slug: c for c in Category.objects.all()}
    languages = {lang.code: lang for lang in Language.objects.all()}
    payments = {p.slug: p for p in PaymentMethod.objects.all()}

    directory, _ = get_or_create_child(
        home,
        DirectoryIndexPage,
        "verzeichnis",
        title="Geschäfte im Quartier",
        introduction="Alle Geschäfte, Praxen und Betriebe in Hochfeld und Marxloh – "
        "mit Öffnungszeiten, Sprachen und Kontakt.",
        show_in_menus=True,
    )
    get_or_create_child(
        home,
        MapPage,
        "karte",
        title="Karte",
        introduction="Alle Geschäfte auf einen Blick. Unter der Karte finden Sie dieselben Einträge als Liste.",
        show_in_menus=True,
    )

    created = 0
    today = datetime.date(2026, 10, 1)
    for number, (
        name,
        category,
        street,
        house_number,
        tagline,
        hours,
        langs,
        wheelchair,
        pays,
    ) in enumerate(BUSINESSES, start=1):
        external_id = f"demo-{number:03d}"
        if BusinessPage.objects.filter(external_id=external_id).exists():
            continue
        district_slug, postcode, lat, lng = STREETS[street]
        d_lat, d_lng = offset_for(name)
        page = BusinessPage(
            title=name,
            slug=slugify(name),
            tagline=tagline,
            description=f"<p>{tagline}. Besuchen Sie uns in der {street} {house_number}.</p>",
            category=categories[category],
            district=districts[district_slug],
            street=street,
            house_number=house_number,
            postcode=postcode,
            city="Duisburg",
            latitude=Decimal(f"{lat + d_lat:.6f}"),
            longitude=Decimal(f"{lng + d_lng:.6f}"),
            location_source=BusinessPage.LocationSource.IMPORTED,
            geocode_status=BusinessPage.GeocodeStatus.OK,
            phone=f"0203 {400000 + number * 137}",
            email=f"kontakt@{slugify(name)}.example",
            opening_hours=hours,
            wheelchair=wheelchair,
            last_checked=today - datetime.timedelta(days=number * 3),
            featured=number % 7 == 1,
            external_id=external_id,
        )
        page.geocoded_address = page.address_line
        page.languages = [languages[code] for code in langs.split()]
        page.payment_methods = [payments[slug] for slug in pays.split()]
        page.tags.add(*[categories[category].name, district_slug.capitalize()])
        page.jobs = demo_jobs(number)
        directory.add_child(instance=page)
        page.save_revision().publish()
        created += 1
    stdout.write(f"Geschäfte: {created} neu, {len(BUSINESSES) - created} schon vorhanden.")
    return directory


# Turkish and Arabic texts of some demo businesses (by external id).
TEXT_TRANSLATIONS = {
    "demo-001": {
        "tr": "Randevusuz kadın ve erkek saç kesimi",
        "ar": "قص شعر للسيدات والرجال دون موعد",
    },
    "demo-002": {
        "tr": "Klasik erkek saç kesimi ve tıraş",
        "ar": "قص شعر رجالي كلاسيكي وحلاقة",
    },
    "demo-003": {"tr": "Brückenplatz'ta kuaför", "ar": "صالون تصفيف الشعر في بروكنبلاتس"},
    "demo-004": {"tr": "Mahallenizdeki dükkân", "ar": "متجر في حيّكم"},
}


def load_text_translations(stdout):
    """Adds the texts of TEXT_TRANSLATIONS that a business lacks, as an
    editor would: in a new revision of the business page, published."""
    from .models import BusinessPageTranslation

    changed = 0
    for external_id, texts in TEXT_TRANSLATIONS.items():
        page = BusinessPage.objects.filter(external_id=external_id).first()
        if page is None:
            continue
        existing = set(page.text_translations.values_list("language", flat=True))
        missing = {code: text for code, text in texts.items() if code not in existing}
        if not missing:
            continue
        for code, tagline in missing.items():
            page.text_translations.add(
                BusinessPageTranslation(
                    language=code, tagline=tagline, description=f"<p>{tagline}.</p>"
                )
            )
        page.save_revision().publish()
        changed += 1
    stdout.write(f"Geschäftstexte übersetzt: {changed} Geschäfte.")


def assign_owners(users, ownership, stdout):
    """Gives each demo shopkeeper edit rights to their demo business."""
    from directory.owners import grant_ownership

    for username, external_id in ownership.items():
        page = BusinessPage.objects.filter(external_id=external_id).first()
        if page is not None and username in users:
            grant_ownership(users[username], page)
            stdout.write(f"  {username} pflegt „{page.title}“.")
