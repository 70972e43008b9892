"""Small domain word lists: places, states, titles and body nouns of the CSTO region.

These are generic vocabularies of the domain (any CSTO press page uses them),
not names lifted from particular pages. Extraction combines them with shape
patterns, so an unseen person or body is still found by its context.
"""
from __future__ import annotations

import re

from ..places import CITY_COUNTRY

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

# Capitals and large cities of the member states and of the countries and
# organisations the CSTO deals with most, each with its country (reviewer.places);
# "in <city>" only counts for these (or for a name after "in the city of", or one a reviewer taught).
CITIES = tuple(CITY_COUNTRY)

# States and state-like words: never a person, never an organization by themselves.
STATES = (
    "Russia", "Russian Federation", "Belarus", "Republic of Belarus", "Kazakhstan", "Republic of Kazakhstan",
    "Kyrgyzstan", "Kyrgyz Republic", "Tajikistan", "Republic of Tajikistan", "Armenia", "Republic of Armenia",
    "Uzbekistan", "Republic of Uzbekistan", "Azerbaijan", "Georgia", "Turkmenistan", "Afghanistan",
    "Ukraine", "Moldova", "China", "Iran", "Mongolia", "Serbia", "India", "Pakistan", "Turkey", "Syria",
    "United States", "USA", "Nagorno-Karabakh", "Transdniestria", "France", "Germany", "Italy", "Spain",
    "Austria", "Switzerland", "Belgium", "Netherlands", "Poland", "Hungary", "Czech Republic", "Finland",
    "Sweden", "Norway", "Greece", "Egypt", "Israel", "Iraq", "Saudi Arabia", "Qatar", "Vietnam", "Cuba",
    "Japan", "Korea", "Indonesia", "Malaysia", "Thailand", "Brazil", "Venezuela", "Lithuania", "Latvia",
    "Estonia", "Abkhazia", "Crimea", "Donbass", "Europe", "Asia", "Eurasia", "Africa", "America", "Caucasus",
    # the states of the other organizations' pages (OSCE, CIS, SCO, ASEAN, the Black Sea region)
    "Bulgaria", "Romania", "Croatia", "Slovenia", "Slovakia", "Denmark", "Portugal", "Ireland", "Montenegro",
    "North Macedonia", "Albania", "Bosnia and Herzegovina", "Kosovo", "Cyprus", "Malta", "Luxembourg", "Iceland",
    "Canada", "Mexico", "Australia", "Jordan", "Lebanon", "Kuwait", "Oman", "Philippines", "Singapore",
    "Cambodia", "Laos", "Myanmar", "Brunei", "Bangladesh", "Sri Lanka", "Nepal", "United Kingdom",
)

NATIONALITIES = (
    "Russian", "Belarusian", "Belarussian", "Kazakh", "Kazakhstani", "Kyrgyz", "Tajik", "Armenian",
    "Uzbek", "Azerbaijani", "Georgian", "Turkmen", "Afghan", "Ukrainian", "Chinese", "Iranian",
    "Mongolian", "Serbian", "Indian", "Pakistani", "Turkish", "Syrian", "American", "Soviet",
    "Bulgarian", "Romanian", "Moldovan", "Austrian", "Italian", "Greek",
    "Latvian", "Lithuanian", "Estonian", "Finnish", "Swedish", "Norwegian", "Hungarian",
)

# Words that start a role ("Secretary General", "Chief of the Joint Staff" …).
TITLES = (
    "Secretary General", "Secretary-General", "Deputy Secretary General", "Secretaries General",
    "Deputy Secretaries General", "Presidents", "Chiefs", "Heads", "Secretary", "President",
    "Vice President", "Vice-President", "Prime Minister", "Minister", "Deputy Minister", "Chairman",
    "Chairwoman", "Chair", "Deputy Chairman", "Vice-Chairman", "Chief", "Head", "Commander",
    "Commander-in-Chief", "Director", "Director General", "Deputy Director", "Ambassador",
    "Special Representative", "Representative", "Chairperson-in-Office", "Chairman-in-Office", "Chairperson",
    "Vice-Chairperson", "Head of Mission", "Executive Director", "Director-General",
    "High Commissioner", "High Representative", "Permanent Representative", "Plenipotentiary Representative",
    "Speaker", "Deputy", "Rector", "Senior", "General", "Colonel General", "Lieutenant General",
    "Major General", "Colonel", "Lieutenant Colonel", "Major", "Captain", "Admiral", "Marshal",
    "Adviser", "Advisor", "Counsellor", "Counselor", "Consul", "Envoy", "Coordinator", "Officer",
    # officers of intergovernmental organizations and their counterparts
    "Ombudsperson", "Ombudsman", "Rapporteur", "Special Rapporteur", "Co-Rapporteur", "Executive Secretary",
    "Ambassador-at-Large", "Under-Secretary-General", "Assistant Secretary-General", "Commissioner",
    "Co-Chair", "Co-Chairman", "Co-Chairperson", "Vice-Chair", "Chargé d'Affaires", "Charge d'Affaires",
    "Governor", "Mayor", "Registrar", "Prosecutor", "Mediator", "Facilitator", "Special Envoy", "Head of Delegation",
    "Inspector", "Expert", "Professor", "Mr", "Mrs", "Ms", "Dr", "Mr.", "Mrs.", "Ms.", "Dr.",
)

# Roles of people who report on events rather than take part in them.
PRESS_ROLES = re.compile(r"\b(?:spokes(?:man|woman|person)|press secretary|press service|press attach)", re.I)

# Head nouns of bodies: a capitalised phrase ending in one of these is an organization.
BODY_HEADS = (
    "Council", "Committee", "Commission", "Center", "Centre", "Staff", "Secretariat",
    "Group", "Service", "Academy", "Assembly", "Agency", "Ministry", "Office", "Department",
    "Directorate", "Institute", "University", "Bureau", "Board", "Command", "Headquarters",
    "Mission", "Union", "Parliament", "Duma", "Forces", "Force", "Guard", "College", "School",
    "Administration", "Court", "Network", "Association", "Federation Council", "Fund", "Foundation",
    "Organization", "Organisation", "Inspectorate", "Unit", "Team", "Club", "Society", "Chamber",
    "Structure",  # "SCO Regional Anti-Terrorist Structure"
    # intergovernmental banks and unions of states: "Eurasian Development Bank", "Commonwealth of … States"
    "Bank", "Commonwealth",
    "Mechanism",  # "Joint Incident Prevention Mechanism"
    # Parliaments of the region named without a body noun: "the Majlisi Oli of the Republic of Tajikistan"
    "Majlisi Oli", "Majlisi Milli", "Majlisi Namoyandagon", "Mazhilis", "Majilis", "Senate", "Jogorku Kenesh",
    "Oliy Majlis", "Milli Majlis", "Verkhovna Rada",
)

# Adjectives of a region or a continent: with a body noun they name an intergovernmental body on their own
# ("the European Parliament", "the African Union", "the Nordic Council"), where "the Ministerial Council"
# names none.
REGIONAL_ADJECTIVES = frozenset({
    "European", "Eurasian", "African", "Asian", "Arab", "Nordic", "Baltic", "Caribbean", "Pacific", "Andean",
    "Atlantic", "Arctic", "Mediterranean", "Caspian", "Danube", "Islamic", "Pan-African", "Inter-American",
    "Asia-Pacific", "Euro-Atlantic", "Black Sea", "Balkan", "Benelux", "Visegrad", "Amazonian", "Alpine",
})

# Capitalised words that are never part of a person's name.
NON_NAME_WORDS = set(
    w.casefold()
    for w in (
        *(t for title in TITLES for t in title.replace("-", " ").split()),
        *(t for b in BODY_HEADS for t in b.split()),
        *(t for s in STATES for t in s.split()),
        *NATIONALITIES,
        *(t for c in CITIES for t in c.split()),
        # (not the short forms: "Jan" is a given name, and a date writes "Jan. 5")
        *(m.capitalize() for m in MONTHS if len(m) > 3 or m == "may"),
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
        "The", "A", "An", "On", "In", "At", "From", "To", "For", "During", "After", "Before", "Following",
        "By", "With", "Within", "Under", "And", "Of", "This", "That", "These", "It", "He", "She", "They",
        "We", "Our", "His", "Her", "Its", "As", "Also", "According", "Since", "Until", "Today", "Yesterday",
        "Republic", "Federation", "Kingdom", "State", "States", "United", "Nations", "UN", "CSTO", "CIS",
        "SCO", "EU", "NATO", "Collective", "Security", "Treaty", "Joint", "Crisis", "Response", "Military",
        "Armed", "Foreign", "Affairs", "Defense", "Defence", "Interior", "Internal", "Emergency", "Emergencies",
        "Situations", "Border", "Troops", "Peacekeeping", "Rapid", "Reaction", "Deployment", "Interstate",
        "Economic", "Cooperation", "Technical", "Working", "Regional", "Central", "Asia", "Asian", "Eurasian",
        "Europe", "European", "Middle", "East", "North", "South", "West", "Great", "Patriotic", "War",
        "Victory", "Day", "Parade", "Declaration", "Statement", "Agreement", "Decision", "Plan", "Strategy",
        "Programme", "Program", "Charter", "Protocol", "Memorandum", "Concept", "Priorities", "Organization's",
        "Parliamentary", "Federal", "Supreme", "National", "International", "Public", "General", "Special",
        "Operations", "Operation", "Exercise", "Exercises", "Training", "Courses", "Course", "Conference",
        "Forum", "Summit", "Session", "Meeting", "Seminar", "Week", "Year", "Year's", "New", "Old", "Holy",
        "Internet", "Information", "Cyber", "Computer", "Incident", "Coordination", "Monitoring", "Sanctions",
        "Anti", "Drug", "Drugs", "Terrorist", "Terrorism", "Counter", "Extremism", "Narcotics", "Migration",
        "Illegal", "Channel", "Mercenary", "Proxy", "Observing", "Partnering", "Institutions", "Ministers",
        "Heads", "Government", "Governments", "Presidential", "Executive", "Legislative", "Commonwealth",
        "Independent", "Shanghai", "Islamic", "Arab", "African", "Red", "Cross", "Crescent", "Go", "Back",
        "Photo", "Video", "Gallery", "Press", "Air", "Navy", "Naval", "Land", "Ground", "Airborne",
        # words that open a sentence or a clause
        "Then", "However", "Later", "Earlier", "Next", "Meanwhile", "Moreover", "Furthermore", "Besides",
        "Thus", "Therefore", "Tomorrow", "Now", "Here", "There", "Among", "Speaking", "Addressing",
        "Welcoming", "Opening", "Summing", "Answering", "Participants", "Members", "Representatives",
        "Delegations", "Guests", "Students", "Cadets", "Officers", "Experts", "Journalists", "Dear",
        "Colleagues", "Ladies", "Gentlemen", "Congratulations", "Thanks", "Mister", "Madam", "Sir",
        "Yes", "No", "Not", "All", "Each", "Every", "Both", "Some", "Many", "Most", "Other", "Such",
        "When", "While", "Where", "Which", "Who", "Whose", "What", "Why", "How", "If", "Although",
        "Despite", "Due", "Given", "Including", "Unlike", "Like", "Upon", "Via", "Per", "Between",
        "Behalf", "Guests", "Chairmanship", "Presidency", "Agenda", "Minutes", "Annex",
        # places and memorials: "the Alexander Garden", "Victory Park", "the Tomb of the Unknown Soldier"
        "Garden", "Gardens", "Square", "Park", "Street", "Avenue", "Boulevard", "Embankment", "Prospect",
        "Bridge", "Gate", "Palace", "Cathedral", "Church", "Mosque", "Monument", "Memorial", "Tomb", "Museum",
        "Theatre", "Theater", "Stadium", "Arena", "Complex", "Fortress", "Kremlin", "Lake", "River", "Island",
        "Unknown",
        # who a day or a memorial honours: "Day of Remembrance of Internationalist Soldiers"
        "Soldier", "Soldiers", "Warrior", "Warriors", "Hero", "Heroes", "Veteran", "Veterans", "Defender",
        "Defenders", "Fatherland", "Victims", "Remembrance", "Sorrow", "Memory", "Independence", "Unity",
        "Constitution", "Flag", "Anniversary", "Internationalist", "Internationalists",
        # the fields of a post: "High Representative for Foreign Affairs and Security Policy Ana Lind"
        "Policy", "Policies", "Rights", "Human", "Justice", "Media", "Freedom", "Minorities", "Development",
        "Environment", "Energy", "Trade", "Finance", "Health", "Education", "Culture", "Agriculture", "Transport",
        "Water", "Food", "Refugees", "Children", "Women", "Gender", "Equality", "Democracy", "Law",
        "Institutions", "Integration", "Industry", "Investment", "Customs", "Statistics", "Labour", "Labor",
        "Employment", "Tourism", "Communications", "Digital", "Climate", "Resources", "Ecology", "Innovation",
        "Science", "Technology", "Youth", "Sport", "Sports", "Crime", "Corruption", "Elections", "Electoral",
        "Diplomacy", "Relations", "Partnership", "Peace", "Stability", "Safety", "Protection", "Prevention",
        "Connectivity", "Sustainable",
    )
)

# Common given names of the region (Russian, Belarusian, Kazakh, Kyrgyz, Tajik,
# Armenian, Uzbek): "Stanislav Zas said" is a person though "Zas" has no typical ending.
FIRST_NAMES = frozenset(
    n.casefold()
    for n in """
    Alexander Aleksandr Alexei Alexey Aleksey Anatoly Anatoliy Andrei Andrey Anton Arkady Artem Artyom Boris Denis
    Dmitry Dmitri Dmitriy Evgeny Evgeniy Yevgeny Fedor Fyodor Gennady Georgy Grigory Igor Ilya Ivan Kirill
    Konstantin Leonid Maxim Maksim Mikhail Nikita Nikolai Nikolay Oleg Pavel Pyotr Petr Roman Ruslan Sergey
    Sergei Stanislav Stepan Timur Vadim Valery Valeriy Vasily Vasiliy Viktor Victor Vitaly Vladimir Vladislav
    Vyacheslav Yaroslav Yuri Yury Zakhar Anna Elena Yelena Irina Maria Marina Natalia Natalya Olga Svetlana
    Tatiana Tatyana Yulia Ekaterina Yekaterina Lyudmila Valentina Galina Nadezhda Oksana Inna Zhanna
    Askar Aidar Aibek Almaz Almazbek Arman Asylbek Azamat Bakyt Bakytbek Beibut Bolat Daniyar Dauren Erlan Yerlan
    Ermek Gani Imangali Kairat Kanat Karim Kassym Marat Mukhtar Nurlan Nursultan Olzhas Samat Sanzhar Serik
    Talgat Taalatbek Talant Ulan Zhomart Zhenis Adilbek Akylbek Sadyr Kamchybek Jeenbek Kubanychbek
    Marlen Mirlan Nurbek Omurbek Sooronbay Temir Almazbek Emomali Rustam Sirojiddin Sherali Farrukh
    Khurshed Jamshed Davlatali Mahmadtoir Zarobiddin Nasrullo Bakhtiyor Abdulaziz Shavkat Dilshod Farkhod
    Nikol Ararat Armen Arsen Ashot Davit David Gagik Karen Levon Mher Serzh Suren Tigran Vahagn Vardan Armen
    Arayik Eduard Edmon Mikael Hovhannes Gevorg Grigor Artur Arthur Robert Kakha Ramzan
    """.split()
)

# Post-Soviet and common surname endings: a bare "Firstname Lastname" with one
# of these is taken as a person even without a title (at lower confidence).
SURNAME_END = re.compile(
    r"(?:ov|ev|yov|yev|ova|eva|in|ina|yn|yan|ian|enko|nko|ko|uk|chuk|ich|vich|sky|skiy|skaya|aya|iy|"
    r"uly|kyzy|zoda|zade|bek|bekov|shvili|dze|ets|ovs|ovich|evich|ski)$",
    re.I,
)


def alternation(words) -> str:
    """A regex alternation of literal words, longest first so the longest form wins."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
