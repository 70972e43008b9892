"""Event type from cue words and held/planned status."""
import pytest

from reviewer.extract.sentences import split
from reviewer.extract.types import event_type, status
from reviewer.model import Span


def _spans(text):
    return split(text, [Span(0, len(text))])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("On 4 May, a meeting of the Council of Defence Ministers was held.", "meeting"),
        ("On 4 May, the Secretary General met with the Ambassador of Serbia.", "meeting"),
        ("On 4 May, the President received the Secretary General.", "meeting"),
        ("On 4 May, a session of the Collective Security Council took place.", "meeting"),
        ("On 4 May, interagency consultations on peacekeeping were held.", "consultations"),
        ("On 4 May, the command-post exercise Cobalt-2022 began.", "training"),
        ("On 4 May, a joint training session of the duty shifts was held.", "training"),
        ("On 4 May, advanced training courses for border officers opened.", "education"),
        ("On 4 May, a seminar for young diplomats was held.", "education"),
        ("On 4 May, Minsk hosted a training seminar for financial intelligence officers.", "education"),
        ("On 4 May, the graduation of the course took place.", "education"),
        ("On 4 May, the Secretary General briefed the OSCE Permanent Council.", "briefing"),
        ("On 4 May, the Deputy Secretary General delivered a speech at the forum.", "briefing"),
        ("On 4 May, the Secretary General paid a working visit to Bishkek.", "visit"),
        ("On 4 May, a wreath-laying ceremony was held at the memorial.", "ceremony"),
        ("On 4 May, the staff celebrated the anniversary of the Victory.", "ceremony"),
        ("On 4 May, the regional anti-drug operation Channel was launched.", "operation"),
        ("On 4 May, the Secretariat published a new brochure.", "other"),
    ],
)
def test_type_cues(text, expected):
    assert event_type(text, _spans(text)).value == expected


def test_earliest_cue_wins():
    text = "On 4 May, the Joint Staff hosted consultations on the plan of joint training activities."
    assert event_type(text, _spans(text)).value == "consultations"


def test_type_span_is_the_cue():
    text = "On 4 May, consultations were held."
    v = event_type(text, _spans(text))
    assert text[v.span.start : v.span.end] == "consultations"


@pytest.mark.parametrize(
    "text",
    [
        "The next meeting of the Council will be held in Minsk on 12 June.",
        "The exercise is scheduled for 3 to 7 September.",
        "The forthcoming session of the Assembly will take place on 20 November.",
        "Heads of state will meet on 8 October.",
    ],
)
def test_planned(text):
    assert status(text, _spans(text)[:1]).value == "planned"


@pytest.mark.parametrize(
    "text",
    [
        "On 12 June, the Council meeting was held in Minsk.",
        "On 12 June, the exercise took place near Osh.",
        "The session completed its work on 12 June.",
    ],
)
def test_held(text):
    assert status(text, _spans(text)[:1]).value == "held"


def test_date_after_dateline_is_planned_with_lower_confidence():
    text = "On 12 June, the Council meets in Minsk."
    v = status(text, _spans(text), "2022-06-12", "2022-06-01")
    assert v.value == "planned" and v.confidence < 0.8


def test_held_said_before_future_wins():
    text = "The meeting was held on 2 June; its decisions will be implemented by the states."
    assert status(text, _spans(text)).value == "held"


def test_any_future_verb_is_planned():
    text = "On 28 November, the Secretary General will pay a working visit to Dushanbe."
    assert status(text, _spans(text)).value == "planned"


def test_future_in_a_clause_after_a_past_main_verb_is_held():
    text = "On 28 November, the parties discussed measures that will strengthen border security."
    assert status(text, _spans(text)).value == "held"


def test_advanced_training_is_education():
    text = "On 3 April, advanced training of border guard officers began."
    assert event_type(text, _spans(text)).value == "education"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("On June 1, consultations on the agenda of the next meeting of the Council were held.", "held"),
        ("The next meeting of the Council will be held on 15 June.", "planned"),
        ("The upcoming session of the Council is on 15 June.", "planned"),
    ],
)
def test_next_meeting_as_a_topic_of_a_held_event(text, expected):
    assert status(text, _spans(text)[:1]).value == expected
