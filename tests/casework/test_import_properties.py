"""Property-based tests (hypothesis) for the CSV import parsers: whatever a file holds, the
reading and row validation end in rows or in the Dutch refusal, never in another exception;
valid rows round-trip; the BSN normalisation and 11-proef behave as the 11-proef says."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import tempfile

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from casework.models import Gender, Programme, Wijk
from casework.services.imports import (
    ImportRefused,
    UnreadableFile,
    measurements,
    parse_date,
    participants,
    read_rows,
    validate_measurement_rows,
    validate_participant_rows,
)
from privacy.bsn import is_valid_bsn, normalise_bsn

FAST = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
DB = settings(FAST, max_examples=30)

# Text that a UTF-8 file can hold: no lone surrogates.
TEXT = st.characters(blacklist_categories=("Cs",))
CELL = st.text(TEXT, max_size=30)
ASCII_DIGITS = "0123456789"
WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def _read(data: bytes, columns: tuple[str, ...]):
    handle, path = tempfile.mkstemp(suffix=".csv")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        return read_rows(path, columns)
    finally:
        os.unlink(path)


def _csv(columns: tuple[str, ...], rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue().encode()


def _is_dutch_refusal(messages: list[str]) -> bool:
    return bool(messages) and all(m.startswith("Rij ") for m in messages)


# --- reading ------------------------------------------------------------------------------


@FAST
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_are_rows_or_a_dutch_refusal(data):
    try:
        rows = _read(data, measurements.COLUMNS)
    except UnreadableFile as unreadable:
        assert unreadable.message.startswith("Rij ")  # not UTF-8
    except ImportRefused as refused:
        assert _is_dutch_refusal(refused.errors)
    else:
        assert all(set(row) == set(measurements.COLUMNS) for _, row in rows)


@FAST
@given(
    body=st.text(TEXT, max_size=300),
    header=st.booleans(),
    bom=st.booleans(),
    semicolons=st.booleans(),
)
def test_arbitrary_text_is_rows_or_a_dutch_refusal(body, header, bom, semicolons):
    columns = participants.COLUMNS
    head = (";" if semicolons else ",").join(columns) + "\n" if header else ""
    text = ("\ufeff" if bom else "") + head + body
    try:
        rows = _read(text.encode(), columns)
    except ImportRefused as refused:
        assert _is_dutch_refusal(refused.errors)
    else:
        assert header
        lines = [line for line, _ in rows]
        assert lines == sorted(set(lines)) and all(line >= 2 for line in lines)


@FAST
@given(
    rows=st.lists(
        st.lists(st.text(TEXT.filter(lambda c: c != "\x00"), max_size=12), min_size=5, max_size=5),
        max_size=6,
    )
)
def test_written_rows_read_back_unchanged(rows):
    columns = measurements.COLUMNS
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    read = _read(_csv(columns, rows), columns)
    assert [list(row.values()) for _, row in read] == rows
    assert all(line >= 2 for line, _ in read)


@FAST
@given(st.dates(min_value=dt.date(1, 1, 1)))
def test_iso_dates_parse_with_spaces(date):
    assert parse_date(date.isoformat()) == date
    assert parse_date(f"  {date.isoformat()} ") == date


@FAST
@given(st.text(TEXT, max_size=20))
def test_parse_date_never_raises(text):
    result = parse_date(text)
    assert result is None or result.isoformat() == text.strip()


# --- row validation -----------------------------------------------------------------------


def _rows(columns, cells):
    return [(line + 2, dict(zip(columns, row, strict=True))) for line, row in enumerate(cells)]


def _participant_rows(n):
    return st.lists(
        st.lists(
            st.one_of(CELL, st.sampled_from(["", "ja", "gezinslab", "2025-01-06"])),
            min_size=18,
            max_size=18,
        ),
        min_size=0,
        max_size=n,
    )


@pytest.mark.django_db
@DB
@given(cells=_participant_rows(4))
def test_participant_rows_validate_or_are_refused_in_dutch(cells):
    rows = _rows(participants.COLUMNS, cells)
    try:
        parsed = validate_participant_rows(rows)
    except ImportRefused as refused:
        assert _is_dutch_refusal(refused.errors)
    else:
        assert [p.line for p in parsed] == [line for line, _ in rows]


@pytest.mark.django_db
@DB
@given(cells=st.lists(st.lists(CELL, min_size=5, max_size=5), max_size=4))
def test_measurement_rows_validate_or_are_refused_in_dutch(cells):
    try:
        validate_measurement_rows(_rows(measurements.COLUMNS, cells))
    except ImportRefused as refused:
        assert _is_dutch_refusal(refused.errors)


def _check_digit(eight: str) -> int | None:
    total = sum(int(d) * w for d, w in zip(eight, WEIGHTS[:8], strict=True))
    check = total % 11
    return check if check < 10 else None


VALID_BSN = (
    st.text(ASCII_DIGITS, min_size=8, max_size=8)
    .map(lambda eight: (eight, _check_digit(eight)))
    .filter(lambda pair: pair[1] is not None and pair[0] != "00000000")
    .map(lambda pair: pair[0] + str(pair[1]))
)
NAME = st.text(st.characters(whitelist_categories=("Lu", "Ll")), min_size=1, max_size=20)


@st.composite
def participant_row(draw, programmes):
    bsn = draw(st.one_of(st.just(""), VALID_BSN))
    letters = draw(st.text("ABCDEFGHJKLMNPRSTVWXZ", min_size=2, max_size=2))
    return {
        "client_ref": draw(st.text("ABCDEFK0123456789-", min_size=1, max_size=12)),
        "given_name": draw(NAME),
        "family_name": draw(NAME),
        "date_of_birth": draw(
            st.one_of(
                st.just(""),
                st.dates(dt.date(1900, 1, 1), dt.date(2020, 12, 31)).map(dt.date.isoformat),
            )
        ),
        "bsn": bsn,
        "gender": draw(st.sampled_from(["", *Gender.values])),
        "street": "",
        "house_number": "",
        "postcode": draw(st.sampled_from(["", f"8921 {letters}", f"8921{letters.lower()}"])),
        "city": "",
        "wijk": draw(st.sampled_from(["", *Wijk.values])),
        "phone": "",
        "email": "",
        "household_ref": "",
        "household_role": "",
        "programme": draw(st.sampled_from(programmes)),
        "enrolment_date": draw(st.dates(dt.date(2020, 1, 1), dt.date(2025, 1, 1))).isoformat(),
        "research_consent": draw(st.sampled_from(["", "ja", "nee", "JA"])),
    }


@pytest.mark.django_db
def test_valid_participant_rows_round_trip():
    programmes = sorted(Programme.objects.filter(active=True).values_list("code", flat=True))
    assert programmes

    @DB
    @given(row=participant_row(programmes))
    def check(row):
        # Through the file and the validation: every value comes back, normalised.
        read = _read(_csv(participants.COLUMNS, [list(row.values())]), participants.COLUMNS)
        assert read == [(2, row)]
        (parsed,) = validate_participant_rows(read)
        identity = parsed.identity
        assert identity.client_ref == row["client_ref"].strip()
        assert identity.given_name == row["given_name"].strip()
        assert identity.bsn == row["bsn"]
        assert identity.gender == row["gender"]
        assert identity.wijk == row["wijk"]
        if row["postcode"]:
            assert identity.postcode == "8921 " + row["postcode"][-2:].upper()
        if row["date_of_birth"]:
            assert identity.date_of_birth.isoformat() == row["date_of_birth"]
        assert parsed.programme == row["programme"]
        assert parsed.start_date.isoformat() == row["enrolment_date"]
        assert parsed.research_consent == row["research_consent"].lower()

    check()


# --- BSN ----------------------------------------------------------------------------------


@FAST
@given(st.text(TEXT, max_size=20))
def test_bsn_normalisation_is_idempotent_and_never_raises(text):
    once = normalise_bsn(text)
    assert normalise_bsn(once) == once
    assert not set(once) & set(" .-")
    is_valid_bsn(text)


@FAST
@given(VALID_BSN, st.lists(st.sampled_from([" ", ".", "-"]), max_size=4), st.randoms())
def test_valid_bsns_pass_with_any_separators(bsn, separators, rnd):
    assert is_valid_bsn(bsn)
    chars = list(bsn)
    for separator in separators:
        chars.insert(rnd.randint(0, len(chars)), separator)
    assert is_valid_bsn("".join(chars))
    assert normalise_bsn("".join(chars)) == bsn
    if bsn.startswith("0"):
        assert is_valid_bsn(bsn[1:])  # eight digits get their leading zero back


@FAST
@given(VALID_BSN, st.integers(0, 8), st.integers(1, 9))
def test_the_11_proef_catches_every_single_digit_error(bsn, position, delta):
    digit = (int(bsn[position]) + delta) % 10
    assume(digit != int(bsn[position]))
    assert not is_valid_bsn(bsn[:position] + str(digit) + bsn[position + 1 :])


@FAST
@given(VALID_BSN, st.integers(0, 7))
def test_the_11_proef_catches_swapped_neighbours(bsn, position):
    assume(bsn[position] != bsn[position + 1])
    swapped = bsn[:position] + bsn[position + 1] + bsn[position] + bsn[position + 2 :]
    assert not is_valid_bsn(swapped)


@FAST
@given(st.text(st.characters(whitelist_categories=("Nd",)), min_size=9, max_size=9))
def test_only_ascii_digits_make_a_bsn(digits):
    assume(not set(digits) <= set(ASCII_DIGITS))
    assert not is_valid_bsn(digits)
