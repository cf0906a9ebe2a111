import pycountry
import pytest

from peerlearning.network.geography import countries_in, placements
from peerlearning.network.models import Country

pytestmark = pytest.mark.django_db


def test_every_iso_country_but_antarctica_has_its_regions():
    codes = {country.alpha_2 for country in pycountry.countries}
    assert codes - set(placements()) == {"AQ"}
    assert Country.objects.count() == len(codes)


def test_programme_regions_follow_the_seed():
    # The MENA network of the seed: Djibouti and Sudan sit in MENA, not in Africa.
    for code in ["DJ", "EG", "JO", "KW", "LY", "MA", "SA", "SD"]:
        assert Country.objects.get(code=code).programme_region == "mena", code
    for code in ["AU", "ID", "MY", "NZ", "TH"]:
        assert Country.objects.get(code=code).programme_region == "asia-pacific", code
    assert Country.objects.get(code="MX").programme_region == "americas"
    assert Country.objects.get(code="GH").programme_region == "africa"


def test_m49_regions_nest():
    assert "MX" in countries_in("m49-013")  # Central America
    assert "MX" in countries_in("m49-419")  # Latin America and the Caribbean
    assert "MX" in countries_in("m49-019")  # Americas
    assert "CA" not in countries_in("m49-419")
    assert countries_in("m49-202") <= countries_in("m49-002")
    assert countries_in("nowhere") == set()


def test_country_names_follow_the_language():
    from django.utils import translation

    with translation.override("fr"):
        assert Country.objects.get(code="DE").name == "Allemagne"
    with translation.override("ar"):
        assert Country.objects.get(code="JO").name == "الأردن"
