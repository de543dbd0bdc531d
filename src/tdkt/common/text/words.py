"""Numbers and money amounts in Vietnamese words ("Bằng chữ: ..." on decisions and vouchers).

``num2words(lang="vi")`` drops the "không trăm" of inner groups (2.026 -> "hai nghìn lẻ hai
mươi sáu"), which accounting documents do not accept. Here every three-digit group after the
first non-zero group is read in full: 2.026 -> "hai nghìn không trăm hai mươi sáu"; groups that
are entirely zero are skipped: 1.000.005 -> "một triệu không trăm linh năm".

Scales are "nghìn" (10^3), "triệu" (10^6) and "tỷ" (10^9); above a billion the reading repeats
("một nghìn tỷ" = 10^12, "một tỷ tỷ" = 10^18), so any integer can be read.
"""

from __future__ import annotations

import operator

__all__ = ["amount_in_words", "number_to_words"]

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_BILLION = 10**9
# Scales inside one block of nine digits, from the units group upwards.
_SCALES = ("", "nghìn", "triệu")


def _read_group(n: int, *, full: bool) -> list[str]:
    """Read 0 < n < 1000; ``full`` reads "không trăm" / "linh" as in an inner group."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("linh")  # 105 -> "một trăm linh năm"
            words.append(_DIGITS[units])
        return words
    if tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units == 1 and tens >= 2:
        words.append("mốt")  # 21 -> "hai mươi mốt", but 11 -> "mười một"
    elif units == 5:
        words.append("lăm")  # 15 -> "mười lăm", 25 -> "hai mươi lăm"
    elif units:
        words.append(_DIGITS[units])  # 24 -> "hai mươi bốn" (the form used in official texts)
    return words


def _read_below_billion(n: int, *, full: bool) -> list[str]:
    """Read 0 < n < 10^9; ``full`` means a higher part was already read."""
    words: list[str] = []
    for scale in range(len(_SCALES) - 1, -1, -1):
        group = n // 1000**scale % 1000
        if group == 0:
            continue
        words += _read_group(group, full=full)
        if _SCALES[scale]:
            words.append(_SCALES[scale])
        full = True
    return words


def _read_positive(n: int) -> list[str]:
    """Read n > 0, splitting off whole billions, which are read recursively."""
    high, low = divmod(n, _BILLION)
    if not high:
        return _read_below_billion(low, full=False)
    words = [*_read_positive(high), "tỷ"]
    if low:
        words += _read_below_billion(low, full=True)
    return words


def _as_int(n: int) -> int:
    if isinstance(n, bool):
        raise TypeError("Cần một số nguyên, không phải giá trị đúng/sai")
    return operator.index(n)


def number_to_words(n: int) -> str:
    """Read an integer in Vietnamese: 2026 -> "hai nghìn không trăm hai mươi sáu".

    Negative numbers start with "âm"; 0 is "không".
    """
    value = _as_int(n)
    if value == 0:
        return _DIGITS[0]
    words = _read_positive(abs(value))
    if value < 0:
        words.insert(0, "âm")
    return " ".join(words)


def amount_in_words(n: int, currency: str = "đồng") -> str:
    """Amount for the "Bằng chữ" line: 702000 -> "Bảy trăm linh hai nghìn đồng".

    The first letter is capitalised; ``currency`` (may be empty) is appended after a space.
    """
    text = number_to_words(n)
    text = text[0].upper() + text[1:]
    return f"{text} {currency}" if currency else text
