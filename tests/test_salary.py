"""Salary from a description: only the sentences that speak of pay are read, and a figure
needs its currency."""

import random

from jobscraper.normalise.salary import _PAY_WORD, Salary, _pay_words, from_item_metadata, pay_sentences


def test_pay_sentences_run_from_the_last_stop_to_the_next_and_keep_decimals():
    text = ("About us. We build things.\nThe pay range is $120.5k - $150k a year. Benefits. "
            "Salary and compensation reviewed yearly")
    assert list(pay_sentences(text)) == [
        "The pay range is $120.5k - $150k a year",
        " Salary and compensation reviewed yearly",
    ]


def test_a_description_without_pay_words_has_no_pay_sentence():
    assert list(pay_sentences("Payments team. Repayable loans. Salaryman." * 200)) == []


def test_hebrew_pay_sentence_gives_shekels_per_month():
    salary = from_item_metadata({}, 'תיאור המשרה. שכר: 30,000 ש"ח לחודש. עוד פרטים')
    assert salary == Salary(30000.0, 30000.0, "ILS", "month")  # one figure: both ends


def test_a_long_description_with_the_pay_at_its_end():
    description = "We are looking for an engineer to join a great team " * 400 + ". Salary: $100,000 - $120,000 per year."
    assert from_item_metadata(None, description) == Salary(100000.0, 120000.0, "USD", "year")


def test_pay_words_are_found_where_the_case_blind_word_pattern_finds_them():
    pieces = ["pay", "PAY", "Pay", "salary", "SALARY", "wage", "Compensation", "שכר", "ments", "_", "x",
              "1", " ", ".", "\n", "-", "İ", "é"]
    rng = random.Random(7)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randrange(1, 12))) for _ in range(20_000)]
    texts += ["Payments team. Repayable loans. Salaryman.", "The pay: $100k. Pay_roll. (salary)"]
    disagreeing = [text for text in texts
                   if _pay_words(text) != [word.span() for word in _PAY_WORD.finditer(text)]]
    assert disagreeing == []
