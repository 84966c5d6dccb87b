import pytest

from privacy.bsn import is_valid_bsn, normalise_bsn


@pytest.mark.parametrize(
    "value",
    ["111222333", "123456782", "999999990", "111 222 333", "1112.22.333", "123-456-782"],
)
def test_valid_bsns(value):
    assert is_valid_bsn(value)


@pytest.mark.parametrize(
    "value",
    [
        "123456789",
        "000000000",
        "00000000",  # eight zeros, padded to nine zeros
        "12345678",  # eight digits, padded to 012345678, fails the 11-proef
        "11122233",
        "1234567820",
        "1234567",
        "12345678a",
        "abcdefghi",
        "",
        "１２３４５６７８２",  # full-width digits are not digits of a BSN
        "12345678²",  # superscript: isdigit() but not a digit for int()
        "١١١٢٢٢٣٣٣",  # Arabic-Indic digits
        "111222333\n",
    ],
)
def test_invalid_bsns(value):
    assert not is_valid_bsn(value)


def test_eight_digit_numbers_are_padded_with_a_leading_zero():
    valid_padded = next(
        f"{n:08d}" for n in range(10000000, 10001000) if is_valid_bsn("0" + f"{n:08d}")
    )
    assert normalise_bsn(valid_padded) == "0" + valid_padded
    assert is_valid_bsn(valid_padded)


def test_normalise_strips_separators():
    assert normalise_bsn(" 111.222-333 ") == "111222333"
