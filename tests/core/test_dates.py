"""Date styles: a file's way of writing dates is recognised and reproduced."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewer.core.dates import DateStyle, to_datetime

UTC = dt.timezone.utc


@pytest.mark.parametrize(
    "text",
    [
        "2021-09-20T16:44:00Z",
        "2021-09-20t16:44:00z",
        "2021-09-20 16:44:00+02:00",
        "2021-09-20 16:44:00 -0530",
        "2021-09-20T16:44:00.123Z",
        "2021-09-20T16:44Z",
        "2021-09-20 16:44:00",
        "2021-09-20",
        "Sep 20, 2021 4:44 PM",
        "Sep 05, 2021 04:44 PM",
        "September 20, 2021",
        "Mon, 20 Sep 2021 16:44:00 +0000",
        "2021/09/20 16:44",
        "20.09.2021",
    ],
)
def test_a_style_reproduces_its_own_text(text: str) -> None:
    when = to_datetime(text)
    assert when is not None
    assert DateStyle.infer(text, when).format(when) == text


def test_unknown_text_falls_back_to_the_site_style() -> None:
    style = DateStyle.infer("sometime soon", "sometime soon")
    assert style == DateStyle.default()
    assert style.format(dt.datetime(2022, 1, 2, 3, 4, 5, tzinfo=UTC)) == "2022-01-02T03:04:05Z"


def test_naive_and_aware_values_in_zoned_and_zoneless_styles() -> None:
    naive = dt.datetime(2022, 1, 2, 3, 4, 5)
    plus2 = dt.datetime(2022, 1, 2, 5, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    z = DateStyle.infer("2021-09-20T16:44:00Z", None)
    assert z.format(naive) == z.format(plus2) == "2022-01-02T03:04:05Z"
    bare = DateStyle.infer("2021-09-20 16:44:00", None)
    assert bare.format(naive) == bare.format(plus2) == "2022-01-02 03:04:05"
    offset = DateStyle.infer("2021-09-20 16:44:00+02:00", None)
    assert offset.format(plus2) == "2022-01-02 05:04:05+02:00"
    # A naive value is taken as UTC and written in the file's own offset.
    assert offset.format(naive) == "2022-01-02 05:04:05+02:00"


STYLES = [
    "2021-09-20T16:44:00Z",
    "2021-09-20 16:44:00+02:00",
    "2021-09-20 16:44:00",
    "2021-09-20T16:44:00.5Z",
    "2021-09-20T16:44Z",
    "2021-09-20",
]


@settings(max_examples=150, deadline=None)
@given(
    st.datetimes(
        min_value=dt.datetime(1900, 1, 1),
        max_value=dt.datetime(2200, 1, 1),
        timezones=st.sampled_from(
            [
                None,
                UTC,
                dt.timezone(dt.timedelta(hours=5, minutes=30)),
                dt.timezone(-dt.timedelta(hours=8)),
            ]
        ),
    ),
    st.sampled_from(STYLES),
)
def test_written_dates_read_back_as_the_normalized_value(when: dt.datetime, sample: str) -> None:
    style = DateStyle.infer(sample, None)
    loaded = yaml.safe_load(f"d: {style.format(when)}")["d"]
    normal = style.normalize(when)
    if style.kind == "date":
        assert loaded == normal.date()
    elif not style.seconds:  # YAML has no timestamp without seconds: such a file holds text
        assert isinstance(loaded, str)
        assert to_datetime(loaded) == normal
    else:
        assert isinstance(loaded, dt.datetime)
        assert (loaded.tzinfo is None) == (normal.tzinfo is None)
        assert loaded == normal
