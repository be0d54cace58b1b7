"""List search keys: a row is found by its IDs, its names, and the pinyin of its Chinese names as
initials or in full, case-blind; polyphones read as the phrase says. No Qt."""

from __future__ import annotations

import pytest

from sorter_app.ui.widgets.search_keys import matches, query_terms, row_key


def found(query: str, *texts: str) -> bool:
    return matches(row_key(texts), query_terms(query))


@pytest.mark.parametrize(
    "query", ["dqhy", "DQHY", "dq", "dingqiao", "DingQiao", "dingqiaohuayuan", "丁桥", "花园"]
)
def test_a_community_is_found_by_pinyin_initials_full_pinyin_and_its_characters(
    query: str,
) -> None:
    assert found(query, "C0001", "丁桥花园")


def test_ids_match_case_blind_and_full_width_as_ascii() -> None:
    assert found("c0001", "C0001", "丁桥花园")
    assert found("Ｃ０００１", "C0001", "丁桥花园")  # typed with a full-width IME
    assert not found("C0002", "C0001", "丁桥花园")


def test_every_word_must_match_and_words_may_come_from_different_texts() -> None:
    assert found("c0001 dqhy", "C0001", "丁桥花园")
    assert not found("c0001 ygh", "C0001", "丁桥花园")
    assert found("ding qiao", "C0001", "丁桥花园")  # spaces in a full pinyin query


def test_a_query_does_not_match_across_two_texts() -> None:
    # "1丁" would only match if the ID's end and the name's start were joined.
    assert not found("1丁", "C0001", "丁桥花园")


def test_mixed_names_with_digits_and_letters() -> None:
    assert found("yghy3q", "C0003", "阳光花园3期")
    assert found("yangguang", "C0003", "阳光花园3期")
    assert found("abc", "C0003", "ABC小区")
    assert found("abcxq", "C0003", "ABC小区")


def test_polyphones_read_as_the_phrase_says() -> None:
    assert found("cq", "重庆路店")  # 重 as chong, not zhong
    assert found("chongqing", "重庆路店")
    assert found("zsyh", "招商银行")  # 行 as hang
    assert not found("zsyx", "招商银行")
    assert found("caj", "长安街")  # 长 as chang, not zhang


def test_an_empty_query_matches_everything_and_empty_texts_are_skipped() -> None:
    assert query_terms("   ") == []
    assert found("", "C0001")
    assert row_key(["", None, "C0001"]) == "c0001"  # type: ignore[list-item]
