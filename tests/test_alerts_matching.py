"""Alert matching in-process: the keyword rule (English and Hebrew), seniority from titles,
every criterion over a table of postings, and alert definitions (validation, YAML)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from jobscraper.alerts import AlertSpec, Criteria, InvalidAlert
from jobscraper.alerts.keywords import contains, fold
from jobscraper.alerts.matching import Posting, matches
from jobscraper.alerts.seniority import seniority
from jobscraper.alerts.yamlfile import dump_specs, load_specs

NOW = datetime(2026, 3, 10, 8, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("text, keyword, expected", [
    ("Senior Python Developer", "python", True),
    ("Senior PYTHON Developer", "Python", True),
    ("Pythonista wanted", "python", False),                 # whole words only
    ("JavaScript Engineer", "java", False),
    ("Internal Tools Engineer", "intern", False),
    ("Engineers, Platform", "engineer", False),             # no plural stemming...
    ("Engineers, Platform", "engineer*", True),             # ...unless asked with *
    ("Senior C++ Developer", "c++", True),                  # \b would fail after '+'
    ("C# Backend Engineer", "c#", True),
    ("ASP.NET Developer", ".net", True),
    ("Full-Stack Engineer", "full stack", True),            # spaces and hyphens are one
    ("Full Stack Engineer", "full-stack", True),
    ("Machine  Learning Researcher", "machine learning", True),
    ("Développeur Backend", "developpeur", True),            # accents folded
    ("מפתח/ת Backend", "מפתח", True),                       # gender suffix folded
    ("דרוש/ה מפתח בכיר", "מפתח", True),
    ("והמפתח הראשי", "מפתח", True),                          # ו + ה prefixes
    ("למפתח", "מפתח", True),
    ("כשהמפתח", "מפתח", True),                               # three prefix letters
    ("מפתחים", "מפתח", False),                               # suffixes are not whole words
    ("מפתחים", "מפתח*", True),
    ("ניהול מוצר", "מוצר", True),
    ("מוצרים", "מוצר", False),
    ("מְפַתֵּחַ תוכנה", "מפתח", True),                           # niqqud ignored
    ("ל-DevOps", "devops", True),                            # Hebrew prefix before Latin
    ("לDevOps", "devops", True),
    ("ג׳וניור QA", "ג'וניור", True),                         # geresh is an apostrophe
    ("מהנדס/ת תוכנה־בכיר/ה", "בכיר", True),                  # maqaf separates
    ("אבטחת מידע", "מידע", True),
    ("תמידעי", "מידע", False),                               # not a prefix letter: glued
])
def test_whole_word_keywords(text, keyword, expected):
    assert contains(fold(text), keyword) is expected


@pytest.mark.parametrize("title, level", [
    ("Software Engineering Intern", "intern"),
    ("Student - Data Analyst", "intern"),
    ("סטודנט/ית למדעי המחשב", "intern"),
    ("Internal Tools Engineer", "mid"),
    ("Junior QA Engineer", "junior"),
    ("Jr. Frontend Developer", "junior"),
    ("ג׳וניור QA", "junior"),
    ("מפתח/ת ללא ניסיון", "junior"),
    ("Backend Engineer", "mid"),
    ("Product Manager", "mid"),
    ("Senior Backend Engineer", "senior"),
    ("Sr. Data Scientist", "senior"),
    ("Senior Product Manager", "senior"),
    ("Lead Data Engineer", "senior"),
    ("מפתח/ת Backend בכיר/ה", "senior"),
    ("Staff Software Engineer", "staff"),
    ("Principal Product Manager", "staff"),
    ("Tech Lead, Payments", "staff"),
    ("Staffing Partner", "mid"),
    ("Engineering Manager", "manager"),
    ("Senior Engineering Manager", "manager"),
    ("Team Lead, Data Platform", "manager"),
    ("Head of Security", "manager"),
    ("VP R&D", "manager"),
    ("Director of Engineering", "manager"),
    ("ראש צוות פיתוח", "manager"),
    ("מנהל/ת פיתוח", "manager"),
    ("מנהל/ת מוצר", "mid"),
    ('סמנכ"ל מכירות', "manager"),
    ("סמנכ״ל טכנולוגיות", "manager"),
])
def test_seniority_from_title(title, level):
    assert seniority(title) == level


def posting(id_: int, title: str, **fields) -> Posting:
    defaults = dict(company_slug="wiz", company_name="Wiz", url=f"https://example.com/{id_}",
                    location="Tel Aviv, Israel", city="Tel Aviv", country="IL",
                    workplace_type="hybrid", employment_type="full_time",
                    first_seen_at=NOW - timedelta(hours=1))
    return Posting(id=id_, title=title, **{**defaults, **fields})


POSTINGS = [
    posting(1, "Senior Python Developer", department="R&D",
            description_text="Django and PostgreSQL"),
    posting(2, "Python Developer Intern", employment_type="internship"),
    posting(3, "Staff Backend Engineer (Go)", company_slug="jfrog", company_name="JFrog",
            location="Herzliya, Israel", city="Herzliya", description_text="We use Python too"),
    posting(4, "מפתח/ת Python בכיר/ה", workplace_type="remote", location="Remote, Israel",
            city=None, department="פיתוח"),
    posting(5, "Engineering Manager, Data", company_slug="datadog", company_name="Datadog",
            country="US", location="New York, United States", city="New York"),
    posting(6, "Senior Frontend Engineer", workplace_type="unknown", employment_type=None,
            posted_at=NOW - timedelta(days=20), first_seen_at=NOW - timedelta(hours=2)),
    posting(7, "Security Researcher", company_slug="appsflyer", company_name="AppsFlyer",
            department="Security Research", workplace_type="onsite"),
]


@pytest.mark.parametrize("criteria, expected", [
    ({}, [1, 2, 3, 4, 5, 6, 7]),
    ({"keywords_any": ["python"]}, [1, 2, 4]),
    ({"keywords_any": ["python"], "search_in": "title_description"}, [1, 2, 3, 4]),
    ({"keywords_any": ["django"], "search_in": "title_description"}, [1]),
    ({"keywords_all": ["senior", "python"]}, [1]),
    ({"keywords_any": ["python", "go"], "exclude_keywords": ["intern"]}, [1, 3, 4]),
    ({"keywords_any": ["מפתח"]}, [4]),
    ({"keywords_any": ["פייתון", "python"], "seniority": ["senior"]}, [1, 4]),
    ({"seniority": ["staff", "manager"]}, [3, 5]),
    ({"seniority": ["intern"]}, [2]),
    ({"workplace": ["remote"]}, [4]),
    ({"workplace": ["hybrid", "onsite"]}, [1, 2, 3, 5, 7]),
    ({"companies": ["jfrog", "Datadog"]}, [3, 5]),
    ({"exclude_companies": ["wiz"]}, [3, 5, 7]),
    ({"countries": ["il"]}, [1, 2, 3, 4, 6, 7]),
    ({"cities": ["Herzliya"]}, [3]),
    ({"cities": ["tel aviv"], "keywords_any": ["senior"]}, [1, 6]),
    ({"departments": ["security"]}, [7]),
    ({"departments": ["פיתוח"]}, [4]),
    ({"employment_types": ["internship"]}, [2]),
    ({"employment_types": ["full_time"]}, [1, 3, 4, 5, 7]),
    ({"posted_within_days": 7}, [1, 2, 3, 4, 5, 7]),      # 6 was posted 20 days ago
    ({"posted_within_days": 30, "keywords_any": ["frontend"]}, [6]),
    ({"keywords_any": ["python"], "companies": ["wiz"], "workplace": ["remote"],
      "seniority": ["senior"], "countries": ["IL"]}, [4]),
])
def test_criteria_table(criteria, expected):
    found = [p.id for p in POSTINGS if matches(Criteria.from_dict(criteria), p, NOW)]
    assert found == expected


@pytest.mark.parametrize("criteria, message", [
    ({"keywords": ["python"]}, "unknown criteria: keywords"),
    ({"workplace": ["moon"]}, "workplace: unknown value 'moon'"),
    ({"seniority": ["wizard"]}, "unknown seniority 'wizard'"),
    ({"employment_types": ["gig"]}, "employment_types: unknown value 'gig'"),
    ({"search_in": "everywhere"}, "search_in must be one of"),
    ({"posted_within_days": 0}, "posted_within_days must be"),
    ({"keywords_any": [3]}, "keywords_any must be a list of words"),
])
def test_invalid_criteria_are_refused_by_name(criteria, message):
    with pytest.raises(InvalidAlert, match=message):
        Criteria.from_dict(criteria)


def test_criteria_vocabulary_is_normalised():
    criteria = Criteria.from_dict({"workplace": ["On-site", "Remote"], "seniority": ["Principal"],
                                   "employment_types": ["Full-time"], "countries": ["il"]})
    assert criteria.to_dict() == {"countries": ["IL"], "workplace": ["onsite", "remote"],
                                  "seniority": ["staff"], "employment_types": ["full_time"]}


YAML = """\
alerts:
  - name: backend-tlv
    frequency: daily
    notify_removed: true
    channels:
      email: [me@example.com]
      webhook: https://hooks.example.com/services/T0/B0/x
      atom: true
    criteria:
      keywords_any: [python, פייתון]
      exclude_keywords: [intern]
      seniority: [senior, principal]
      cities: [Tel Aviv]
  - name: everything
"""


def test_yaml_round_trip_keeps_every_field():
    specs = load_specs(YAML)
    assert [s.name for s in specs] == ["backend-tlv", "everything"]
    first = specs[0]
    assert (first.frequency, first.notify_removed, first.atom, first.email) == \
        ("daily", True, True, ["me@example.com"])
    assert first.criteria.seniority == ["senior", "staff"]
    assert specs[1] == AlertSpec(name="everything")
    again = load_specs(dump_specs(specs))
    assert again == specs
    assert "פייתון" in dump_specs(specs)  # readable Unicode, not \u escapes


@pytest.mark.parametrize("text, message", [
    ("alerts: [{name: a}, {name: a}]", "named more than once: a"),
    ("alerts: [{name: a, frequency: hourly}]", "a: frequency must be one of"),
    ("alerts: [{name: a, channels: {email: [not-an-address]}}]", "is not an e-mail address"),
    ("alerts: [{name: a, channels: {webhook: ftp://x}}]", "webhook must be an http"),
    ("alerts: [{name: a, channels: {sms: 1}}]", "channels may have"),
    ("alerts: [{name: a, criteria: {color: red}}]", "a: unknown criteria: color"),
    ("alerts: [{name: 'a b'}]", "alert name 'a b'"),
    ("alerts: [{name: a, colour: 1}]", "a: unknown keys: colour"),
    ("alerts: {name: a}", "a list of alerts"),
    ("alerts: [", "not valid YAML"),
])
def test_invalid_yaml_names_the_problem(text, message):
    with pytest.raises(InvalidAlert, match=message):
        load_specs(text)


# --- places: every place of a posting, Israeli districts ----------------------------------------

def _place(city, region, country, remote=False):
    return {"city": city, "region": region, "country": country, "remote": remote}


PLACED = [
    posting(11, "Backend Engineer", location="Haifa; New York, NY", city="Haifa", region="Haifa",
            places=[_place("Haifa", "Haifa", "IL"), _place("New York", "New York", "US")]),
    posting(12, "Data Engineer", location="Petah Tikva", city="Petah Tikva", region="Center",
            places=[_place("Petah Tikva", "Center", "IL")]),
    posting(13, "Product Manager", location="London, UK; Jerusalem", city="Jerusalem", region="Jerusalem",
            places=[_place("Jerusalem", "Jerusalem", "IL"), _place("London", None, "GB")]),
    posting(14, "Sales Lead", location="Berlin", city="Berlin", country="DE", places=None),
]


@pytest.mark.parametrize("criteria, expected", [
    ({"cities": ["New York"]}, [11]),                 # a secondary place
    ({"cities": ["Haifa"]}, [11]),
    ({"cities": ["Petach Tikva"]}, [12]),             # another spelling of the stored city
    ({"cities": ["פתח תקווה"]}, [12]),
    ({"countries": ["US"]}, [11]),
    ({"countries": ["GB", "DE"]}, [13, 14]),          # 14 was stored before places: its own country
    ({"districts": ["Center"]}, [12]),
    ({"districts": ["Haifa district"]}, [11]),
    ({"districts": ["Jerusalem area", "center"]}, [12, 13]),
    ({"districts": ["מחוז חיפה"], "countries": ["US"]}, [11]),
])
def test_city_country_and_district_criteria_match_any_place(criteria, expected):
    found = [p.id for p in PLACED if matches(Criteria.from_dict(criteria), p, NOW)]
    assert found == expected


def test_an_unknown_district_is_refused_by_name():
    with pytest.raises(InvalidAlert, match="unknown Israeli district 'Narnia'"):
        Criteria.from_dict({"districts": ["Narnia"]})
    assert Criteria.from_dict({"districts": ["Haifa area"]}).districts == ["Haifa"]


def test_a_digest_shows_one_role_once_with_all_its_cities_and_says_reposted():
    from jobscraper.alerts.digest import Digest, summary_line
    role = [posting(21, "Data Engineer", location="Tel Aviv", city="Tel Aviv", requisition_id=21),
            posting(22, "Data Engineer", location="Haifa", city="Haifa", requisition_id=21),
            posting(23, "Data Engineer", location="Jerusalem", city="Jerusalem", requisition_id=21),
            posting(24, "QA Engineer", reposted_from_id=3)]
    digest = Digest("data", new=role)
    assert [p.id for p in digest.new] == [21, 24]
    assert digest.subject.startswith("[jobscraper] 2 new jobs")
    assert "Tel Aviv (also Haifa, Jerusalem)" in summary_line(digest.new[0])
    assert "reposted" in summary_line(digest.new[1]) and "reposted" not in summary_line(digest.new[0])
