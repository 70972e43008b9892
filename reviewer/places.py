"""Cities and the ISO 3166-1 alpha-2 code of their country: the gazetteer's cities, defined once here.

Extraction finds a place by these names (``reviewer.extract.gazetteer.CITIES``
is this table's keys, in order); the entity tables give every place entity of
one of them its country (``entities.country``). A city a reviewer typed that
is not here gets its country from the reviewer once, and it sticks.
"""
from __future__ import annotations

from typing import Optional

from .names import name_key

#: Capitals and large cities of the member states and of the countries and organisations the CSTO deals with
#: most ("in <city>" only counts for these, for a name after "in the city of", or one a reviewer taught).
_BY_COUNTRY: dict[str, tuple[str, ...]] = {
    "RU": ("Moscow", "Saint Petersburg", "St. Petersburg", "Sochi", "Kazan", "Novosibirsk", "Yekaterinburg",
           "Kaliningrad", "Vladivostok", "Nizhny Novgorod", "Samara", "Rostov-on-Don", "Volgograd", "Orenburg",
           "Chelyabinsk", "Omsk", "Krasnodar", "Ufa", "Pskov", "Ryazan", "Tver", "Smolensk", "Murmansk",
           "Chebarkul", "Kovrov", "Alabino"),  # the last three: garrison towns of joint exercises
    "BY": ("Minsk", "Brest", "Grodno", "Vitebsk", "Gomel", "Mogilev", "Borisov", "Baranovichi", "Osipovichi", "Lida"),
    "KZ": ("Astana", "Nur-Sultan", "Almaty", "Shymkent", "Aktau", "Karaganda", "Turkestan", "Aktobe",
           "Balkhash", "Kostanay", "Pavlodar", "Semey", "Taraz", "Oral", "Uralsk", "Atyrau", "Kyzylorda"),
    "KG": ("Bishkek", "Osh", "Cholpon-Ata", "Karakol", "Issyk-Kul", "Batken", "Jalal-Abad", "Balykchy", "Kant"),
    "TJ": ("Dushanbe", "Khujand", "Kulob", "Kulyab", "Bokhtar", "Khorog"),
    "AM": ("Yerevan", "Gyumri", "Vanadzor", "Dilijan"),
    "UZ": ("Tashkent", "Samarkand", "Termez"),
    "TM": ("Ashgabat",), "AZ": ("Baku",), "GE": ("Tbilisi",), "AF": ("Kabul",), "MN": ("Ulaanbaatar",),
    "CN": ("Beijing",), "IR": ("Tehran",), "PK": ("Islamabad",), "IN": ("New Delhi",), "TR": ("Ankara", "Istanbul"),
    "MD": ("Chisinau",), "UA": ("Kiev", "Kyiv"),
    # where international bodies sit
    "US": ("New York", "Washington"), "CH": ("Geneva",), "AT": ("Vienna",), "BE": ("Brussels",), "FR": ("Paris",),
    "DE": ("Berlin",), "GB": ("London",), "IT": ("Rome",), "NL": ("The Hague",), "PL": ("Warsaw",),
    "CZ": ("Prague",), "HU": ("Budapest",), "RS": ("Belgrade",), "FI": ("Helsinki",), "SE": ("Stockholm",),
    "NO": ("Oslo",), "ES": ("Madrid",), "VN": ("Hanoi",), "CU": ("Havana",), "EG": ("Cairo",), "SA": ("Riyadh",),
    "QA": ("Doha",), "AE": ("Abu Dhabi", "Dubai"), "KR": ("Seoul",), "JP": ("Tokyo",),
}

#: City -> ISO 3166-1 alpha-2 country code.
CITY_COUNTRY: dict[str, str] = {city: code for code, cities in _BY_COUNTRY.items() for city in cities}

_BY_KEY = {name_key(city): code for city, code in CITY_COUNTRY.items()}


def country_of(city: str) -> Optional[str]:
    """The country code of a gazetteer city (any case or spacing), None for a city not in it."""
    return _BY_KEY.get(name_key(city))


def valid_country(code: str) -> bool:
    """Is ``code`` shaped as an ISO 3166-1 alpha-2 code (two ASCII capitals)?"""
    return len(code) == 2 and code.isascii() and code.isalpha() and code.isupper()
