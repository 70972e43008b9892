"""The colour arithmetic the theme is checked with, against published values."""
from __future__ import annotations

import pytest

from ui.colour_math import colour_difference, contrast_ratio, delta_e_2000, to_lab

# Sharma, Wu & Dalal (2005), "The CIEDE2000 color-difference formula", table 1: (Lab 1, Lab 2, ΔE00)
SHARMA = [
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 3.1571, -77.2803), (50.0, 0.0, -82.7485), 2.8615),
    ((50.0, 2.5, 0.0), (50.0, 0.0, -2.5), 4.3065),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((50.0, 2.5, 0.0), (61.0, -5.0, 29.0), 22.8977),
    ((50.0, 2.5, 0.0), (56.0, -27.0, -3.0), 31.9030),
    ((50.0, 2.5, 0.0), (58.0, 24.0, 15.0), 19.4535),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((22.7233, 20.0904, -46.6940), (23.0331, 14.9730, -42.5619), 2.0373),
    ((90.8027, -2.0831, 1.4410), (91.1528, -1.6435, 0.0447), 1.4441),
    ((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), 0.9082),
]


@pytest.mark.parametrize("lab1, lab2, expected", SHARMA)
def test_ciede2000_matches_the_published_pairs(lab1, lab2, expected):
    assert delta_e_2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)
    assert delta_e_2000(lab2, lab1) == pytest.approx(expected, abs=1e-4)


def test_lab_of_white_black_and_red():
    assert to_lab("#ffffff") == pytest.approx((100.0, 0.0, 0.0), abs=0.05)
    assert to_lab("#000000") == pytest.approx((0.0, 0.0, 0.0), abs=1e-6)
    assert to_lab("#ff0000") == pytest.approx((53.24, 80.09, 67.20), abs=0.05)


def test_contrast_ratio_follows_wcag():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the lightest grey passing AA on white
    assert contrast_ratio("#777777", "#ffffff") < 4.5


def test_the_old_highlights_were_too_close():
    """The issue's complaint, measured: the old role and participant colours were about ΔE 8 apart."""
    assert colour_difference("#fdd9b0", "#fbeab8") < 10
    with pytest.raises(ValueError):
        colour_difference("#fff", "#000000")
