"""Periods as coordinators write them, in Chinese and English; weeks are ISO weeks."""

from __future__ import annotations

from datetime import date

import pytest

from models.parsing.periods import (
    Period,
    PeriodKind,
    PeriodProblem,
    PeriodRequest,
    parse_period,
    read_period_request,
)

TODAY = date(2022, 6, 22)  # a Wednesday in the second quarter
W, M, Q, Y, R = PeriodKind.WEEK, PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR, PeriodKind.RANGE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("本周", Period(W, date(2022, 6, 20), date(2022, 6, 22))),  # so far: never into the days to come
        ("this week", Period(W, date(2022, 6, 20), date(2022, 6, 22))),
        ("上周", Period(W, date(2022, 6, 13), date(2022, 6, 19))),
        ("Last Week", Period(W, date(2022, 6, 13), date(2022, 6, 19))),
        ("本月", Period(M, date(2022, 6, 1), date(2022, 6, 30))),
        ("上月", Period(M, date(2022, 5, 1), date(2022, 5, 31))),
        ("last month", Period(M, date(2022, 5, 1), date(2022, 5, 31))),
        ("本季度", Period(Q, date(2022, 4, 1), date(2022, 6, 30))),
        ("上季度", Period(Q, date(2022, 1, 1), date(2022, 3, 31))),
        ("今年", Period(Y, date(2022, 1, 1), date(2022, 12, 31))),
        ("去年", Period(Y, date(2021, 1, 1), date(2021, 12, 31))),
        ("last year", Period(Y, date(2021, 1, 1), date(2021, 12, 31))),
        ("2022", Period(Y, date(2022, 1, 1), date(2022, 12, 31))),
        ("２０２２年", Period(Y, date(2022, 1, 1), date(2022, 12, 31))),
        ("2022-Q1", Period(Q, date(2022, 1, 1), date(2022, 3, 31))),
        ("2022 q4", Period(Q, date(2022, 10, 1), date(2022, 12, 31))),
        ("2022年第一季度", Period(Q, date(2022, 1, 1), date(2022, 3, 31))),
        ("2022年第3季度", Period(Q, date(2022, 7, 1), date(2022, 9, 30))),
        ("2022-03", Period(M, date(2022, 3, 1), date(2022, 3, 31))),
        ("2022年2月", Period(M, date(2022, 2, 1), date(2022, 2, 28))),
        ("2022-12", Period(M, date(2022, 12, 1), date(2022, 12, 31))),
        ("2022-03-01..2022-03-31", Period(R, date(2022, 3, 1), date(2022, 3, 31))),
        ("2022-03-01 至 2022-03-10", Period(R, date(2022, 3, 1), date(2022, 3, 10))),
        ("2022-03-08", Period(R, date(2022, 3, 8), date(2022, 3, 8))),
    ],
)
def test_a_period_is_read_in_every_accepted_form(text: str, expected: Period) -> None:
    assert parse_period(text, today=TODAY) == expected


@pytest.mark.parametrize(
    "text", ["", "下周", "2022-13", "2022-Q5", "2022-02-30", "2022-03-31..2022-03-01", "soon"]
)
def test_what_is_not_a_period_is_refused(text: str) -> None:
    assert parse_period(text, today=TODAY) == PeriodProblem.UNREADABLE


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("0001", PeriodProblem.OUT_OF_RANGE),
        ("0000", PeriodProblem.OUT_OF_RANGE),
        ("9999", PeriodProblem.OUT_OF_RANGE),
        ("9999-12", PeriodProblem.OUT_OF_RANGE),
        ("1999-Q4", PeriodProblem.OUT_OF_RANGE),
        ("1800-01-01..2026-11-29", PeriodProblem.OUT_OF_RANGE),
        ("2022-01-01..9999-12-31", PeriodProblem.OUT_OF_RANGE),
        ("2000-01-01..2020-01-01", PeriodProblem.TOO_LONG),
        ("2001-01-01..2020-12-31", None),  # twenty years exactly
        ("2000", None),
        ("2100-12", None),
    ],
)
def test_periods_stay_within_the_years_the_bot_covers(text: str, problem: PeriodProblem | None) -> None:
    period = parse_period(text, today=TODAY)
    assert (period if isinstance(period, PeriodProblem) else None) == problem


def test_last_year_in_2000_is_outside_the_years_the_bot_covers() -> None:
    assert parse_period("去年", today=date(2000, 6, 1)) == PeriodProblem.OUT_OF_RANGE


def test_a_week_starts_on_monday_even_across_the_new_year() -> None:
    assert parse_period("本周", today=date(2023, 1, 1)) == Period(W, date(2022, 12, 26), date(2023, 1, 1))


def test_the_previous_period_has_the_same_length() -> None:
    assert Period(M, date(2022, 3, 1), date(2022, 3, 31)).previous() == Period(
        M, date(2022, 2, 1), date(2022, 2, 28)
    )
    assert Period(Q, date(2022, 1, 1), date(2022, 3, 31)).previous() == Period(
        Q, date(2021, 10, 1), date(2021, 12, 31)
    )
    assert Period(R, date(2022, 3, 1), date(2022, 3, 10)).previous() == Period(
        R, date(2022, 2, 19), date(2022, 2, 28)
    )
    assert Period(W, date(2022, 6, 20), date(2022, 6, 26)).next() == Period(
        W, date(2022, 6, 27), date(2022, 7, 3)
    )


def test_a_period_survives_the_trip_through_callback_data() -> None:
    period = Period(Q, date(2022, 1, 1), date(2022, 3, 31))
    assert Period.from_code(period.code()) == period
    assert Period.from_code("m2022023020220331") is None
    assert Period.from_code("y0001010100011231") is None
    assert Period.from_code("y9999010199991231") is None
    assert Period.from_code("r1800010120261129") is None


def test_a_request_is_a_period_then_an_area_then_maybe_rounded_numbers() -> None:
    request = read_period_request("2022 幸福社区 约数", today=TODAY)
    assert isinstance(request, PeriodRequest)
    assert (request.period.start, request.area_name, request.approx) == (date(2022, 1, 1), "幸福社区", True)
    request = read_period_request("last month", today=TODAY)
    assert isinstance(request, PeriodRequest)
    assert request.period.kind == M
    assert request.area_name is None
    request = read_period_request("阳光社区", today=TODAY)
    assert isinstance(request, PeriodRequest)
    assert request.period == parse_period("本周", today=TODAY)
    assert request.area_name == "阳光社区"
    assert read_period_request("2022-13", today=TODAY) == PeriodProblem.UNREADABLE
    assert read_period_request("0001 幸福社区", today=TODAY) == PeriodProblem.OUT_OF_RANGE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11月", Period(M, date(2021, 11, 1), date(2021, 11, 30))),  # not yet this year: last year's
        ("6月", Period(M, date(2022, 6, 1), date(2022, 6, 30))),
        ("6月份", Period(M, date(2022, 6, 1), date(2022, 6, 30))),
        ("2026年11月", Period(M, date(2026, 11, 1), date(2026, 11, 30))),
        ("2021年11月1日至11月30日", Period(R, date(2021, 11, 1), date(2021, 11, 30))),
        ("2021年11月1日至2021年12月5日", Period(R, date(2021, 11, 1), date(2021, 12, 5))),
        ("6月1日-15日", Period(R, date(2022, 6, 1), date(2022, 6, 15))),
        ("6月1日 至 6月15日", Period(R, date(2022, 6, 1), date(2022, 6, 15))),
        ("5月20号到6月3号", Period(R, date(2022, 5, 20), date(2022, 6, 3))),
        ("12月20日至1月5日", Period(R, date(2021, 12, 20), date(2022, 1, 5))),
        ("November", Period(M, date(2021, 11, 1), date(2021, 11, 30))),
        ("Nov 2026", Period(M, date(2026, 11, 1), date(2026, 11, 30))),
        ("june", Period(M, date(2022, 6, 1), date(2022, 6, 30))),
        ("Jun 1-15", Period(R, date(2022, 6, 1), date(2022, 6, 15))),
        ("1-15 June 2022", Period(R, date(2022, 6, 1), date(2022, 6, 15))),
    ],
)
def test_months_and_runs_of_days_are_read_with_or_without_their_year(text: str, expected: Period) -> None:
    assert parse_period(text, today=TODAY) == expected


@pytest.mark.parametrize("text", ["13月", "2月30日-31日", "6月15日-1日", "Jun 15-1"])
def test_a_month_or_run_of_days_that_cannot_be_is_refused(text: str) -> None:
    assert parse_period(text, today=TODAY) == PeriodProblem.UNREADABLE


def test_a_bare_summary_on_a_monday_covers_the_week_just_ended() -> None:
    monday = date(2022, 6, 20)
    request = read_period_request("", today=monday)
    assert isinstance(request, PeriodRequest)
    assert request.period == Period(W, date(2022, 6, 13), date(2022, 6, 19))
    tuesday = read_period_request("", today=date(2022, 6, 21))
    assert isinstance(tuesday, PeriodRequest)
    assert tuesday.period == Period(W, date(2022, 6, 20), date(2022, 6, 21))  # Monday to today
    month_request = read_period_request("", today=monday, default=M)
    assert isinstance(month_request, PeriodRequest)
    assert month_request.period == Period(M, date(2022, 6, 1), date(2022, 6, 30))


def test_this_week_runs_to_today_and_is_compared_with_the_same_days_of_the_week_before() -> None:
    wednesday = date(2022, 6, 22)
    this_week = parse_period("本周", today=wednesday)
    assert this_week == Period(W, date(2022, 6, 20), date(2022, 6, 22))
    assert this_week.previous() == Period(W, date(2022, 6, 13), date(2022, 6, 15))
    assert this_week.next() == Period(W, date(2022, 6, 27), date(2022, 7, 3))  # ▶ steps to a whole week
    assert parse_period("上周", today=wednesday) == Period(W, date(2022, 6, 13), date(2022, 6, 19))
