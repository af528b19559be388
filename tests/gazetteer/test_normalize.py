from gazetteer.normalize import fold_text, key_of, name_key


def test_romanization_variants_share_a_key():
    groups = [
        ["Ain al-Asad", "Ayn al-Asad", "Ain Al Asad", "Ein el-Asad", "ʿAyn al-Asad",
         "'Ayn al Asad"],
        ["Kharab al-Jir", "Harab al Jir", "Kharab al Jir"],
        ["Al-Shaddadi", "ash-Shaddadi", "Ash Shaddadi", "Shaddadi", "al Shadadi"],
        ["Deir ez-Zor", "Deir Ezzor", "Dair ez Zor", "Deir al-Zor"],
        ["Al-Hasakah", "Hasakah", "Hasakeh", "al-Hasaka", "El Hasakah"],
        ["Al-Qa'im", "Al Qaim", "al-Kaim", "Qa’im"],
        ["Bayji", "Baiji"],
        ["Raqqa", "Ar-Raqqah", "al-Raqqa"],
    ]
    for group in groups:
        keys = {key_of(n) for n in group}
        assert len(keys) == 1, (group, keys)


def test_different_places_keep_different_keys():
    names = ["Ain al-Asad", "Ain Issa", "al-Tanf", "al-Omar", "Harir", "Erbil", "Al-Asad"]
    assert len({key_of(n) for n in names}) == len(names)


def test_generic_words_become_a_kind_hint():
    assert name_key("Harir airbase") == name_key("Harir Air Base")
    assert name_key("Harir airbase").key == "harir"
    assert name_key("Harir airbase").kind_hint == "airbase"
    assert name_key("al-Omar oil field").kind_hint == "oil_field"
    assert name_key("Deir ez-Zor province").kind_hint == "admin1"
    assert name_key("Deir ez-Zor Governorate").key == key_of("Deir ez-Zor")
    assert name_key("Al Tanf garrison").kind_hint == "military_base"
    assert name_key("Baghdad's international airport") == name_key("Baghdad International Airport")
    assert name_key("Baghdad International Airport").kind_hint == "airport"


def test_a_name_made_only_of_generic_words_keeps_them():
    assert name_key("Base").key and name_key("Base") == name_key("base")


def test_arabic_script_folds_harakat_tatweel_alef_and_article():
    plain = key_of("عين الأسد")
    assert key_of("عَيْن الأَسَد") == plain  # harakat
    assert key_of("عين الاسد") == plain  # alef with hamza unified
    assert key_of("عيـــن الأسد") == plain  # tatweel
    assert key_of("الحسكة") == key_of("الحسكه")  # taa marbuta


def test_fold_text_strips_diacritics_and_case():
    assert fold_text("Ḩasakah ŞĀMARRĀ’") == "hasakah samarra"
