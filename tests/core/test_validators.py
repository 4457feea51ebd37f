from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from wushe.core.validators import (
    USCC_CHARSET,
    mask_phone,
    normalise_phone,
    normalise_uscc,
    uscc_check_char,
    validate_mobile,
    validate_phone,
    validate_uscc,
)

charset_char = st.sampled_from(USCC_CHARSET)
letters = "".join(c for c in USCC_CHARSET if c.isalpha())


@st.composite
def uscc_body(draw) -> str:
    """The first 17 characters: registration authority and kind, six-digit area code, subject code."""
    head = draw(st.text(charset_char, min_size=2, max_size=2))
    area = draw(st.text(st.sampled_from("0123456789"), min_size=6, max_size=6))
    subject = draw(st.text(charset_char, min_size=9, max_size=9))
    return head + area + subject


def code_of(error: ValidationError) -> str:
    return error.error_list[0].code


# --- USCC (GB 32100-2015) -------------------------------------------------------------------


@given(uscc_body())
def test_a_body_with_its_computed_check_character_is_valid(body):
    validate_uscc(body + uscc_check_char(body))


@given(uscc_body(), charset_char)
def test_any_other_check_character_is_invalid(body, wrong):
    assume(wrong != uscc_check_char(body))
    with pytest.raises(ValidationError) as exc:
        validate_uscc(body + wrong)
    assert code_of(exc.value) == "uscc_check"


@given(uscc_body())
def test_lower_case_and_spaces_are_normalised(body):
    code = body + uscc_check_char(body)
    messy = f" {code[:9].lower()} {code[9:].lower()} "
    assert normalise_uscc(messy) == code
    validate_uscc(messy)


@given(uscc_body(), st.integers(min_value=0, max_value=16))
def test_changing_one_character_of_the_body_is_caught(body, position):
    code = body + uscc_check_char(body)
    allowed = "0123456789" if 2 <= position <= 7 else USCC_CHARSET
    replacement = next(c for c in allowed if c != code[position])
    with pytest.raises(ValidationError) as exc:
        validate_uscc(code[:position] + replacement + code[position + 1 :])
    assert code_of(exc.value) == "uscc_check"


@given(st.text(charset_char, max_size=40).filter(lambda s: len(s) != 18))
def test_a_wrong_length_is_reported_as_such(text):
    with pytest.raises(ValidationError) as exc:
        validate_uscc(text)
    assert code_of(exc.value) == "uscc_length"
    assert exc.value.messages == ["统一社会信用代码应为 18 位。"]


@given(uscc_body(), st.integers(min_value=0, max_value=17), st.sampled_from("IOSVZ!-中"))
def test_a_forbidden_character_is_reported_as_such(body, position, bad):
    code = body + uscc_check_char(body)
    with pytest.raises(ValidationError) as exc:
        validate_uscc(code[:position] + bad + code[position + 1 :])
    assert code_of(exc.value) == "uscc_chars"


@given(uscc_body(), st.integers(min_value=2, max_value=7), st.sampled_from(letters))
def test_the_area_code_must_be_digits(body, position, letter):
    code = body + uscc_check_char(body)
    with pytest.raises(ValidationError) as exc:
        validate_uscc(code[:position] + letter + code[position + 1 :])
    assert code_of(exc.value) == "uscc_chars"


def reference_check_char(body: str) -> str:
    """GB 32100-2015 written out again, independently: weight of position i is 3^i mod 31,
    check value 31 - (sum mod 31), where 31 stands for 0."""
    total = sum(USCC_CHARSET.index(c) * pow(3, i, 31) for i, c in enumerate(body))
    return USCC_CHARSET[(31 - total % 31) % 31]


@given(uscc_body())
def test_the_check_character_agrees_with_the_standard(body):
    assert uscc_check_char(body) == reference_check_char(body)


def test_the_sample_code_quoted_for_the_standard_is_valid():
    validate_uscc("91350100M000100Y43")


def test_the_check_character_needs_seventeen_charset_characters():
    with pytest.raises(ValueError):
        uscc_check_char("9111000010000058")
    with pytest.raises(ValueError):
        uscc_check_char("9111000010000058I")


def test_the_messages_are_in_chinese():
    with pytest.raises(ValidationError) as exc:
        validate_uscc("91350100M000100Y44")
    assert exc.value.messages == ["统一社会信用代码的校验位不正确,请核对后重新输入。"]


# --- phones ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("+8613812345678", "13812345678"),
        ("0086 13812345678", "13812345678"),
        ("(010) 6400 0000", "01064000000"),
        ("010—64000000", "010-64000000"),
        ("", ""),
    ],
)
def test_phones_are_normalised(raw, normal):
    assert normalise_phone(raw) == normal


@pytest.mark.parametrize(
    "phone", ["13812345678", "+86 199 1234 5678", "010-64000000", "01064000000", "0755-12345678", "0571-1234567"]
)
def test_mobiles_and_landlines_are_valid_phones(phone):
    validate_phone(phone)


@pytest.mark.parametrize(
    "phone", ["12812345678", "1381234567", "138123456789", "64000000", "abc", "010-123", "+1 415 555 0100"]
)
def test_malformed_phones_are_refused(phone):
    with pytest.raises(ValidationError) as exc:
        validate_phone(phone)
    assert code_of(exc.value) == "phone"
    assert exc.value.messages[0].startswith("请输入有效的电话号码")


@given(st.sampled_from("3456789"), st.text(st.sampled_from("0123456789"), min_size=9, max_size=9))
def test_any_mainland_mobile_is_valid(second, rest):
    validate_mobile("1" + second + rest)


@pytest.mark.parametrize("phone", ["010-64000000", "12345678901", "1381234567"])
def test_a_mobile_must_be_a_mainland_mobile(phone):
    with pytest.raises(ValidationError) as exc:
        validate_mobile(phone)
    assert exc.value.messages == ["请输入 11 位中国大陆手机号,如 13800001234。"]


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("+86 138 1234 5678", "138****5678"),
        ("010-64001234", "010-****34"),
        ("01064001234", "010-****34"),
        ("0755-12345678", "0755-****78"),
        ("0571-1234567", "0571-****67"),
        ("1234", "****"),
        ("", ""),
    ],
)
def test_phones_are_masked(phone, masked):
    assert mask_phone(phone) == masked


@given(st.sampled_from("3456789"), st.text(st.sampled_from("0123456789"), min_size=9, max_size=9))
def test_a_masked_mobile_hides_the_middle_four_digits(second, rest):
    mobile = "1" + second + rest
    masked = mask_phone(mobile)
    assert masked == mobile[:3] + "****" + mobile[-4:]
    assert mobile[3:7] not in masked[3:7]
