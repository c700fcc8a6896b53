from console.delivery_labels import labelled_reasons, outcome_label
from kernel.outcomes import DeliveryReason


def test_every_reason_code_has_an_officers_label():
    for code in DeliveryReason:
        assert outcome_label(code, "zalo")


def test_window_outcomes_name_their_channel_and_others_do_not():
    assert outcome_label(DeliveryReason.OUTSIDE_WINDOWS, "facebook").startswith("Facebook: ")
    assert outcome_label(DeliveryReason.CHANNEL_NOT_ENABLED, "facebook") == (
        "Kênh chưa được kết nối"
    )


def test_rows_alike_for_officers_are_summed_and_rows_without_a_code_read_their_detail():
    rows = [
        ("failed", DeliveryReason.REFUSED, "zalo", "PermanentError: bad user", 2),
        ("failed", DeliveryReason.REFUSED, "zalo", "PermanentError: bad body", 1),
        ("held", None, "facebook", "facebook: outside the 24-hour window", 4),
    ]
    assert labelled_reasons(rows) == [
        ("Giữ lại", "Facebook: người dân không nhắn trong 24 giờ qua (sẽ gửi khi họ nhắn lại)", 4),
        ("Lỗi", "Nền tảng từ chối tin", 3),
    ]
