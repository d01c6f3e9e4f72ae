# ruff: noqa: E501  (SHIPPED_BEFORE copies the file's lines as they were)
"""The vocabulary of issue #28 (search/data/synonyms.txt) reaches the
deployments whose "Suchbegriffe" migration 0006 filled from the earlier file.

A rule of the file counts as present when a group has the same words
(folded, as search treats them) in the same direction. A missing rule that
extends one the project shipped before (SHIPPED_BEFORE, the lines of the file
as 0006 read them) replaces that group only while the group is still exactly
as shipped; a group the team changed or deleted is left as it is, and the new
words of that rule are not added. Every other missing rule becomes a new
group. Running it again changes nothing. Reversing it keeps the groups: the
team may have relied on them, and deleting them is the team's choice."""

from django.db import migrations

from search.folding import read_synonym_rules, tokenize

# The rules of search/data/synonyms.txt that issue #28 extended, as migration
# 0006 loaded them before.
SHIPPED_BEFORE = (
    "friseur, friseurin, frisör, friseursalon, coiffeur, kuaför, berber, barbier, barber, barbershop, hairdresser, haircut, haarschnitt, hallaq, hallak, حلاق, صالون حلاقة, фризьор, бръснар, frizer, frizerie",
    "bäckerei, bäcker, backstube, fırın, ekmek, ekmek fırını, bakery, baker, brot, مخبز, فرن, خباز, пекарна, хлебарница, brutărie, brutarie, patiserie",
    "apotheke, eczane, pharmacy, chemist, medikamente, صيدلية, аптека, farmacie",
    "schneiderei, schneider, änderungsschneiderei, terzi, tailor, alterations, خياط, шивач, шивачница, croitorie, croitor",
    "handy, mobiltelefon, telefon, smartphone, cep telefonu, phone, mobile, هاتف, جوال, телефон, telefon mobil",
    "reparatur, reparieren, tamir, tamiri, tamirci, repair, تصليح, ремонт, reparație, reparatie, reparații, reparatii",
    "lebensmittel, supermarkt, market, bakkal, grocery, groceries, بقالة, хранителни стоки, alimente, magazin alimentar",
    "metzgerei, metzger, fleischerei, kasap, butcher, ملحمة, لحام, جزار, месарница, касапница, măcelărie, macelarie",
    "juwelier, schmuck, kuyumcu, jeweller, jeweler, jewellery, صائغ, бижутер, bijuterie",
    "gold, altın, ذهب, злато, aur",
    "ehering, eheringe, trauring, trauringe, alyans, wedding ring, wedding rings, خاتم زواج, брачна халка, verighetă, verigheta",
    "brautmode, brautkleid, gelinlik, bridal, wedding dress, فستان زفاف, булчинска рокля, rochie de mireasă",
    "reisebüro, seyahat acentesi, travel agency, وكالة سفر, туристическа агенция, agenție de turism, agentie de turism",
    "arzt, ärztin, arztpraxis, doktor, doctor, طبيب, лекар, medic",
    "zahnarzt, zahnärztin, diş hekimi, diş doktoru, dişçi, dentist, طبيب أسنان, зъболекар, стоматолог, stomatolog",
    "restaurant, imbiss, lokanta, büfe, snack bar, مطعم, ресторант, restaurant",
    "café, cafe, kahve, kafe, coffee, مقهى, кафене, cafenea",
    "elektriker, elektrikçi, electrician, كهربائي, електротехник, electrician",
    "schlüsseldienst, çilingir, locksmith, مفاتيح, ключар, lăcătuș, lacatus",
    "klempner, sanitär, installateur, tesisatçı, plumber, سباك, водопроводчик, instalator",
    "steuerberater, steuerbüro, steuererklärung, mali müşavir, muhasebeci, tax advisor, accountant, محاسب, счетоводител, contabil",
    "übersetzer, übersetzung, übersetzungsbüro, dolmetscher, tercüman, çeviri, translator, translation, مترجم, ترجمة, преводач, превод, traducător, traducere",
    "schuster, schuhmacher, schuhreparatur, kunduracı, ayakkabı tamiri, cobbler, shoe repair, إصلاح أحذية, обущар, cizmar",
    "halal, helal, حلال, халал",
)


def rule_terms(rule):
    """(terms as written, repeats left out; one-way?) of a Solr rule."""
    one_way = "=>" in rule
    words = [" ".join(word.split()) for word in rule.replace("=>", ",").split(",")]
    return list(dict.fromkeys(word for word in words if word)), one_way


def key(terms, one_way):
    """What search makes of a group: its folded words, and for a one-way group
    the word that finds the others."""
    folded = [" ".join(tokenize(term)) for term in terms]
    return (frozenset(folded), one_way, folded[0] if one_way else None)


def add_the_new_vocabulary(apps, schema_editor):
    SearchTermGroup = apps.get_model("search", "SearchTermGroup")
    groups = {}
    for group in SearchTermGroup.objects.all():
        terms = [line for line in group.terms.splitlines() if line.strip()]
        if terms:
            groups.setdefault(key(terms, group.one_way), group)
    before = [key(*rule_terms(rule)) for rule in SHIPPED_BEFORE]
    for rule in read_synonym_rules():
        terms, one_way = rule_terms(rule)
        wanted = key(terms, one_way)
        if wanted in groups:
            continue
        extended = [old for old in before if old[1:] == wanted[1:] and old[0] < wanted[0]]
        if extended:
            group = groups.get(extended[0])
            if group is not None:
                group.terms = "\n".join(terms)
                group.save(update_fields=["terms", "updated_at"])
                del groups[extended[0]]
                groups[wanted] = group
            continue
        groups[wanted] = SearchTermGroup.objects.create(terms="\n".join(terms), one_way=one_way)


class Migration(migrations.Migration):
    dependencies = [("search", "0006_search_terms_from_the_shipped_vocabulary")]

    operations = [migrations.RunPython(add_the_new_vocabulary, migrations.RunPython.noop)]
