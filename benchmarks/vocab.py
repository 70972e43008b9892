"""Word lists for the synthetic corpus: people, roles, bodies, places and topics.

Every name here is made up from syllables or generic domain vocabulary (the
bodies of a regional security organisation and its member states), so the
corpus is text of its own making; only its shape follows the scraped pages.
"""
from __future__ import annotations

# Surnames are built from a root and an ending; the endings come in the
# spellings that transliteration from Russian produces for one name.
SURNAME_ROOTS = (
    "Kuanysh", "Ospan", "Tokhtar", "Abdulkadyr", "Serik", "Zhumabek", "Nurlan", "Mukhtar", "Baitur",
    "Ordaly", "Tasbol", "Karaman", "Yesen", "Amanzhol", "Dauren", "Zhaksy", "Temir", "Berdy", "Aslan",
    "Ruslan", "Kanat", "Marat", "Yerlan", "Askar", "Bolat", "Nurzhan", "Sanzhar", "Alibek", "Sultan",
    "Rustam", "Farkhod", "Dilshod", "Shavkat", "Bakhtiyar", "Jamshed", "Sherali", "Khurshed", "Firdavs",
    "Grigor", "Vardan", "Tigran", "Levon", "Arsen", "Karen", "Ashot", "Gevorg", "Hovhannes", "Armen",
    "Volod", "Sergey", "Mikhail", "Dmitr", "Nikolai", "Andrei", "Yuri", "Pavel", "Kirill", "Oleg",
    "Lukash", "Kozlov", "Moroz", "Savich", "Tkach", "Zhuk", "Kovalch", "Bondar", "Shevch", "Melnich",
    "Almaz", "Kubat", "Azamat", "Ulan", "Talant", "Nurbek", "Bakyt", "Emil", "Mirlan", "Zhyldyz",
)
SURNAME_ENDINGS = ("ov", "ev", "yev", "ayev", "aev", "yan", "ian", "enko", "ovich", "bekov", "zoda", "uly", "in")

FIRST_NAMES = (
    "Ruslan", "Kanat", "Marat", "Yerlan", "Askar", "Bolat", "Nurzhan", "Sanzhar", "Alibek", "Samat",
    "Rustam", "Farkhod", "Dilshod", "Shavkat", "Bakhtiyar", "Jamshed", "Sherali", "Khurshed", "Firdavs",
    "Vardan", "Tigran", "Levon", "Arsen", "Karen", "Ashot", "Gevorg", "Armen", "Aram", "Davit",
    "Vladimir", "Sergey", "Mikhail", "Dmitry", "Nikolai", "Andrei", "Yuri", "Pavel", "Kirill", "Oleg",
    "Viktor", "Anatoly", "Gennady", "Valery", "Igor", "Alexander", "Alexei", "Konstantin", "Stanislav",
    "Almazbek", "Kubatbek", "Azamat", "Ulan", "Talant", "Nurbek", "Bakyt", "Emil", "Mirlan", "Taalai",
    "Erlan", "Daniyar", "Timur", "Arman", "Yevgeny", "Anatoly", "Mukhtar", "Nikita", "Roman", "Boris",
)

# Spelling pairs that turn one transliteration of a name into another.
TRANSLIT = (
    ("yev", "ev"), ("ayev", "aev"), ("kh", "h"), ("iy", "y"), ("ai", "ay"), ("zh", "j"), ("yan", "ian"),
    ("ei", "ey"), ("ks", "x"), ("ya", "ia"),
)

# Roles as the pages write them after a name ("X, the CSTO Deputy Secretary General").
ROLES = (
    "CSTO Secretary General", "CSTO Deputy Secretary General", "Chief of the CSTO Joint Staff",
    "First Deputy Chief of the CSTO Joint Staff", "Deputy Chief of the CSTO Joint Staff",
    "Head of the CSTO Crisis Response Center", "Head of the Political Department of the CSTO Secretariat",
    "Head of the Department for Combating Challenges and Threats of the CSTO Secretariat",
    "Special Representative of the CSTO Secretary General for Peacekeeping",
    "Executive Secretary of the CSTO Parliamentary Assembly",
    "Secretary of the CSTO Interstate Commission on Military-Economic Cooperation",
    "Permanent Representative of the Republic of Belarus to the CSTO",
    "Permanent Representative of the Republic of Armenia to the CSTO",
    "Permanent Representative of the Republic of Kazakhstan to the CSTO",
    "Permanent Representative of the Kyrgyz Republic to the CSTO",
    "Permanent Representative of the Republic of Tajikistan to the CSTO",
    "Permanent Representative of the Russian Federation to the CSTO",
    "Minister of Defense of the Republic of Belarus", "Minister of Foreign Affairs of the Republic of Kazakhstan",
    "Minister of Foreign Affairs of the Kyrgyz Republic", "Minister of Defense of the Republic of Tajikistan",
    "Secretary of the Security Council of the Republic of Armenia",
    "Secretary of the Security Council of the Kyrgyz Republic",
    "Deputy Minister of Foreign Affairs of the Russian Federation",
    "Chairman of the State Committee for National Security of the Republic of Tajikistan",
    "Ambassador Extraordinary and Plenipotentiary of the Republic of Uzbekistan",
    "Director of the CIS Anti-Terrorism Center", "Head of the UN Regional Centre for Preventive Diplomacy",
    "Rector of the Diplomatic Academy", "Commander of the Collective Rapid Deployment Forces",
)

ORGANIZATIONS = (
    "CSTO Crisis Response Center", "CSTO Joint Staff", "CSTO Secretariat", "CSTO Parliamentary Assembly",
    "Council of Ministers of Foreign Affairs", "Council of Defense Ministers",
    "Committee of Secretaries of Security Councils", "Collective Security Council",
    "Working Group on Afghanistan under the CSTO Council of Foreign Ministers",
    "Interstate Commission on Military-Economic Cooperation",
    "Coordination Council of Heads of Competent Authorities on Combating Illegal Migration",
    "Coordination Council of Heads of Competent Authorities on Countering Illicit Drug Trafficking",
    "Coordination Council of Heads of Emergency Services", "Consultative Coordination Center for Computer Incidents",
    "CIS Anti-Terrorism Center", "SCO Regional Anti-Terrorist Structure", "UN Office on Drugs and Crime",
    "UN Regional Centre for Preventive Diplomacy for Central Asia", "OSCE Secretariat",
    "Military Academy of the General Staff of the Armed Forces of the Russian Federation",
    "Diplomatic Academy of the Ministry of Foreign Affairs", "Ministry of Emergency Situations of the Republic of Belarus",
    "Border Service of the State Committee for National Security", "Collective Rapid Reaction Forces",
    "Institute of International Relations", "Council of Heads of Border Troops",
    "Scientific and Expert Council", "Working Group on Information Policy and Information Security",
)

# Member-state capitals and other cities; some are outside the extractor's
# gazetteer on purpose (the page writes "in the city of X" for those).
CITIES = (
    "Moscow", "Minsk", "Astana", "Almaty", "Bishkek", "Dushanbe", "Yerevan", "Saint Petersburg", "Sochi",
    "Kazan", "Novosibirsk", "Brest", "Grodno", "Osh", "Cholpon-Ata", "Khujand", "Gyumri", "Tashkent",
    "Geneva", "Vienna", "New York", "Beijing", "Aktau", "Orenburg", "Pskov", "Balkhash",
    "Zhetysai", "Karshi", "Baranovichi", "Kant", "Sevan", "Kurgan-Tube",
)
STATES = (
    "the Republic of Armenia", "the Republic of Belarus", "the Republic of Kazakhstan", "the Kyrgyz Republic",
    "the Russian Federation", "the Republic of Tajikistan",
)
ADJECTIVES = (
    "Belarusian", "Kazakh", "Kyrgyz", "Russian", "Tajik", "Armenian", "Uzbek",
)

TOPICS = (
    "countering international terrorism", "combating illegal migration", "countering illicit drug trafficking",
    "information security", "the situation in Afghanistan", "the development of the crisis response system",
    "peacekeeping activities", "the training of military personnel", "military-economic cooperation",
    "biological security", "the protection of critical infrastructure", "the Caspian region",
    "border security in Central Asia", "the collective air defense system", "cooperation with the UN",
    "the joint procurement of equipment", "the prevention of emergencies", "cyber incidents",
    "the financing of the Organization", "the unified list of terrorist organizations",
    "arms control and disarmament", "the CSTO chairmanship priorities", "youth policy and patriotic education",
    "the coordination of foreign policy", "the CSTO Strategy until 2025", "radiation and chemical protection",
)
ASPECTS = (
    "the current state and prospects of", "practical measures on", "the legal basis of",
    "interaction between member states on", "the results of the previous year in", "joint efforts in",
    "new approaches to", "the draft plan of consultations on", "the exchange of experience in",
)
EXERCISES = (
    "Interaction", "Search", "Echelon", "Cobalt", "Rubezh", "Frontier", "Thunder", "Channel", "Proxy",
    "Illegal", "Mercenary", "Steppe", "Indestructible Brotherhood", "Barrier", "Shield",
)
ORDINALS = (
    "1st", "2nd", "3rd", "4th", "5th", "7th", "9th", "10th", "12th", "15th", "18th", "21st", "25th", "30th",
    "33rd", "40th", "42nd", "XI", "XIV", "XX", "XXII",
)
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
)
SPOKESMEN = ("CSTO spokesman", "CSTO Press Secretary", "The CSTO Press Secretary", "Press service of the CSTO Secretariat")
PHOTO_PREFIXES = ("IMG_", "DSC_", "ZRF_", "P", "photo_", "KSB_")
