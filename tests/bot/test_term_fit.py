"""The answer check: does the question's vocabulary fit the entry's own phrasings?"""

from bot.term_fit import TermIndex

INDEX = TermIndex.build(
    [
        ("muc phat xe may vuot den do", "phat_vuot_den_do"),
        ("vuot den do bi phat bao nhieu", "phat_vuot_den_do"),
        ("toc do toi da xe may trong khu dan cu", "phat_chay_qua_toc_do"),
        ("dang ky tam tru o dau", "dang_ky_tam_tru"),
    ]
)


def test_a_question_in_the_entrys_own_words_fits_fully():
    assert INDEX.fit("xe may vuot den do phat bao nhieu", "phat_vuot_den_do") == 1.0


def test_a_word_the_entry_never_uses_lowers_the_fit():
    fit = INDEX.fit("xe may 50cc vuot den do", "phat_vuot_den_do")
    assert 0.0 < fit < 0.8


def test_a_rare_word_weighs_more_than_a_common_one():
    # "xe" and "may" are in two entries, "tam" and "tru" in one: missing the rare pair
    # costs more than missing the common pair.
    assert INDEX.fit("xe may o dau", "dang_ky_tam_tru") > INDEX.fit(
        "tam tru o dau", "phat_chay_qua_toc_do"
    )


def test_function_words_alone_do_not_count_against_an_entry():
    assert INDEX.fit("vay thi la gi a", "dang_ky_tam_tru") == 1.0


def test_an_unknown_label_fits_nothing():
    assert INDEX.fit("dang ky tam tru", "khong_co") == 0.0


def test_chat_courtesies_and_the_askers_own_numbers_do_not_lower_the_fit():
    assert INDEX.fit("chao ad dang ky tam tru o dau v a", "dang_ky_tam_tru") == 1.0
    assert INDEX.fit("xe may vuot den do 2 bi phat bao nhieu", "phat_vuot_den_do") == 1.0
    # "50cc" is not a bare number: it still says what the question is about.
    assert INDEX.fit("xe may 50cc vuot den do", "phat_vuot_den_do") < 1.0
