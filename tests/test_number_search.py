"""A phone, account or identity number found however it is grouped (kavosh.text.numbers): a
reporter types one form, the archive holds others. The people are fictional."""

from __future__ import annotations

import pytest
from conftest import found_names, ingest_texts

from kavosh.case import Case
from kavosh.text.numbers import joined_numbers

PAGES = {
    "dashes.txt": "شماره تماس او ۰۹۱۲-۳۴۵-۶۷۸۹ است.",
    "country.txt": "Call Dariush Khiali on +98 912 345 6789 tonight.",
    "zeros.txt": "tel 00989123456789",
    "plain.txt": "همراه: 09123456789",
    "other.txt": "تاریخ ۱۳۹۸/۰۷/۱۲، مبلغ 250000 و شماره 0912 345 6780",
}
SAME = {"dashes.txt", "country.txt", "zeros.txt", "plain.txt"}


@pytest.mark.parametrize("typed", ["09123456789", "0912 345 6789", "۰۹۱۲-۳۴۵-۶۷۸۹",
                                   "+98 912 345 6789", "+989123456789", "00989123456789"])
def test_a_phone_number_is_found_however_it_is_grouped(case: Case, tmp_path, typed: str) -> None:
    """Before, each form found only the pages that wrote it the same way (``09123456789``
    found one page of four)."""
    ingest_texts(case, tmp_path / "in", PAGES)
    assert found_names(case, typed) == SAME


def test_what_counts_as_a_long_number() -> None:
    found = joined_numbers("+98 912 345 6789 و ۱۳۹۳/۰۸/۲۵ و 250000 و 12-34")
    assert {"989123456789", "09123456789"} <= set(found)
    assert not {"13930825", "250000", "1234"} & set(found)  # a date, two short numbers
    # a phone beside other figures of a table's row is among the runs of its groups
    assert "09123456789" in joined_numbers("12 0912 345 6789 5")
    assert "07701234567" in joined_numbers("٠٠٩٦٤٧٧٠١٢٣٤٥٦٧")  # Iraq's code, Arabic digits
    assert len(joined_numbers(" ".join(f"{n:09d}" for n in range(5_000)))) == 2_000
