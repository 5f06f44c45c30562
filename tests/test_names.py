import pytest

from reportedly.names import canonical_alias, fold, name_key, same_name


def test_fold_ignores_case_accents_punctuation_and_article() -> None:
    assert fold("The Kremlin's") == "kremlin"
    assert fold("Türkiye") == "turkiye"
    assert fold("  Jean-Yves   Le Drian ") == "jean yves le drian"


@pytest.mark.parametrize(("a", "b"), [
    ("Kiev", "Kyiv"),
    ("Zalozhny", "Zaluzhny"),
    ("Zaluzhny", "Zaluzhnyi"),
    ("Zelensky", "Zelenskyy"),
    ("Valery Zaluzhny", "Valerii Zaluzhnyi"),
    ("NATO", "the North Atlantic Treaty Organization"),
    ("Russian Defense Ministry", "Russia's Ministry of Defense"),
    ("U.S.", "United States"),
])
def test_variants_and_aliases_are_one_name(a: str, b: str) -> None:
    assert same_name(a, b)
    assert same_name(b, a)


@pytest.mark.parametrize(("a", "b"), [
    ("Biden", "Burden"),
    ("Paris", "Peru"),
    ("EU", "UN"),
    ("John Smith", "Jane Smith"),
    ("Kyiv", "Kyiv Oblast"),
])
def test_different_names_stay_apart(a: str, b: str) -> None:
    assert not same_name(a, b)


def test_alias_table_gives_the_canonical_name() -> None:
    assert canonical_alias("kiev") == "Kyiv"
    assert canonical_alias("Nowhere-on-Sea") is None
    assert name_key("Kiev") == name_key("Kyiv")
