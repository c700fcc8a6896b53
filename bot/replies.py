"""What the assistant says, in polite Vietnamese; kept apart from the decisions that pick it."""

GREETING = (
    "Xin chào! Tôi là trợ lý hỏi đáp pháp luật tự động của chính quyền địa phương. "
    "Bạn có thể hỏi về hộ tịch, cư trú, căn cước, đất đai, giao thông, lao động, bảo hiểm, "
    "thừa kế, kinh doanh, khiếu nại, tố cáo… Hãy gõ câu hỏi, có dấu hay không dấu đều được, "
    "hoặc chọn một chủ đề bên dưới."
)
HELP = (
    "Tôi trả lời các câu hỏi pháp luật thường gặp và chỉ rõ căn cứ pháp lý, nơi làm thủ tục, "
    "giấy tờ cần mang. Bạn có thể:\n"
    '- Gõ câu hỏi, ví dụ: "đăng ký tạm trú ở đâu", "mất căn cước làm lại thế nào"\n'
    "- Chọn một lĩnh vực bên dưới để xem các câu hỏi thường gặp\n"
    '- Gõ "gặp cán bộ" để chuyển câu hỏi cho cán bộ trả lời'
)
GOODBYE = "Cảm ơn bạn đã trao đổi. Khi cần, bạn cứ nhắn câu hỏi cho tôi nhé. Chào bạn!"
THANKS = "Rất vui được hỗ trợ bạn. Bạn còn câu hỏi nào khác không?"
BOT_CHALLENGE = (
    "Tôi là trợ lý tự động, không phải cán bộ. Nếu cần cán bộ trả lời trực tiếp, "
    'bạn hãy gõ "gặp cán bộ".'
)
EMPTY_MESSAGE = "Bạn hãy gõ câu hỏi pháp luật của mình, hoặc chọn một lĩnh vực bên dưới."
NOT_TEXT = (
    "Hiện tôi chỉ đọc được tin nhắn chữ. Bạn vui lòng gõ câu hỏi bằng chữ "
    "(có dấu hay không dấu đều được) để tôi hỗ trợ nhé."
)
FIELD_LIST = "Các câu hỏi thường gặp về {field}. Bạn chọn một câu hỏi, hoặc gõ câu hỏi của mình:"
UNKNOWN_CHOICE = "Lựa chọn này không còn hiệu lực. Bạn hãy gõ câu hỏi hoặc chọn lại từ menu."

DISCLAIMER = (
    "Đây là thông tin pháp luật chung, không thay thế tư vấn cho trường hợp cụ thể của bạn."
)
LEGAL_BASIS_PREFIX = "Căn cứ:"
MORE_INFO_PREFIX = "Xem thêm:"
FEEDBACK_QUESTION = "Câu trả lời có hữu ích với bạn không?"
# One line on an answer whose legal basis changed, or whose review is overdue, until a
# legal reviewer has checked it.
CAUTION_CHANGED = "Lưu ý: {change}{since}; câu trả lời đang được rà soát. {ask_official}"
CAUTION_SINCE = " từ {date}"
CAUTION_OVERDUE = (
    "Lưu ý: câu trả lời này được rà soát lần cuối ngày {date} và đang được kiểm tra lại. "
    "{ask_official}"
)
CAUTION_ASK_OFFICIAL = "Gõ \u201cgặp cán bộ\u201d để được cán bộ trả lời."
FEEDBACK_HELPFUL = "Hữu ích"
FEEDBACK_NOT_HELPFUL = "Chưa hữu ích"
FEEDBACK_THANKS = "Cảm ơn bạn đã đánh giá. Ý kiến của bạn giúp chúng tôi phục vụ tốt hơn."
FEEDBACK_SORRY = (
    "Xin lỗi vì câu trả lời chưa đáp ứng được nhu cầu của bạn. Bạn có muốn chuyển câu hỏi "
    "cho cán bộ để được trả lời trực tiếp không?"
)
ANSWER_FEEDBACK_SORRY = (
    "Xin lỗi vì câu trả lời của cán bộ chưa giải đáp hết vướng mắc của bạn. Bạn có thể gõ "
    "\u201cgặp cán bộ\u201d rồi nêu rõ điều còn chưa rõ, cán bộ sẽ trả lời thêm."
)
FEEDBACK_WITHOUT_ANSWER = "Cảm ơn bạn. Bạn hãy gõ câu hỏi để tôi hỗ trợ nhé."

NOT_SURE = "Xin lỗi, tôi chưa chắc đã hiểu đúng câu hỏi của bạn nên không muốn trả lời sai."
NOT_SURE_SUGGESTIONS = "Có phải bạn muốn hỏi về một trong các nội dung sau?"
OUT_OF_SCOPE = (
    "Xin lỗi, câu hỏi này nằm ngoài những gì tôi có thể trả lời chắc chắn. "
    "Tôi chỉ hỗ trợ các câu hỏi pháp luật thường gặp."
)
OFFER_FORWARD = "Bạn cũng có thể chuyển câu hỏi cho cán bộ để được trả lời trực tiếp."

# Not "Xem thêm": that asks for the next page of held news (broadcasts.digest).
QUICK_REPLY_MORE = "Mục tiếp theo"

NATIONAL_QA = "Bạn cũng có thể tra cứu, hỏi đáp trên Cổng pháp luật quốc gia: {url}"

FORWARDED = (
    "Câu hỏi của bạn đã được chuyển tới cán bộ phụ trách. Cán bộ sẽ trả lời bạn qua kênh "
    "này trong thời gian sớm nhất (thường trong giờ hành chính)."
)
FORWARD_ASK_QUESTION = (
    "Bạn hãy gõ câu hỏi cần chuyển cho cán bộ, càng cụ thể càng tốt "
    "(không cần ghi số căn cước hay số điện thoại)."
)
FORWARD_UNAVAILABLE = (
    "Hiện kênh này chưa kết nối được với cán bộ trực. Bạn có thể liên hệ trực tiếp Bộ phận "
    "một cửa của Ủy ban nhân dân cấp xã nơi bạn cư trú, hoặc gọi đường dây nóng của xã, "
    "để được hướng dẫn."
)

SUBSCRIPTIONS_UNAVAILABLE = (
    "Kênh này hiện chưa mở đăng ký nhận tin văn bản pháp luật mới. Bạn vẫn có thể hỏi đáp "
    "pháp luật bất cứ lúc nào."
)
NEW_LAWS_UNAVAILABLE = (
    "Hiện chưa có bản tin văn bản pháp luật mới trên kênh này. Bạn có thể tra cứu văn bản "
    "mới tại Cổng thông tin điện tử Chính phủ (chinhphu.vn) hoặc hỏi tôi về thủ tục cụ thể."
)

QUICK_REPLY_HUMAN = "Gặp cán bộ"
QUICK_REPLY_MENU = "Chủ đề khác"
QUICK_REPLY_REPHRASE = "Hỏi lại"

TEXT_CUT = (
    "Tin nhắn của bạn rất dài nên trợ lý chỉ đọc 2.000 ký tự đầu. Nếu câu trả lời chưa đúng ý, "
    "bạn hãy gửi câu hỏi ngắn gọn hơn."
)

INTERNAL_ERROR = (
    "Xin lỗi, hệ thống đang gặp sự cố khi xử lý tin nhắn của bạn. Bạn vui lòng gửi lại sau "
    "ít phút, hoặc liên hệ Bộ phận một cửa của Ủy ban nhân dân cấp xã để được hướng dẫn."
)

PAGE_GREETING = (
    "Trợ lý hỏi đáp pháp luật của chính quyền địa phương: hỏi về thủ tục, giấy tờ, quyền "
    "và nghĩa vụ, có dấu hay không dấu đều được."
)
MENU_SUBSCRIBE = "Đăng ký nhận tin"

# {examples}/{example}: ", ví dụ: …" from the configured province's own communes, or "".
SUBSCRIBE_ASK_COMMUNE = (
    "Bạn muốn nhận tin của xã, phường nào? Hãy gõ tên (có dấu hay không dấu đều được){examples}."
)
EXAMPLES = ", ví dụ: {examples}"
EXAMPLE = " (ví dụ: {example})"
SUBSCRIBE_COMMUNE_NOT_FOUND = (
    "Tôi chưa tìm thấy xã, phường \u201c{typed}\u201d trong tỉnh. Bạn gõ lại tên giúp tôi"
    "{example}, hoặc gõ \u201cthôi\u201d để dừng đăng ký."
)
SUBSCRIBE_COMMUNE_AMBIGUOUS = "Có nhiều đơn vị trùng tên. Bạn chọn đúng nơi mình ở:"
SUBSCRIBE_ASK_AUDIENCES = (
    "{commune}: đã chọn. Bạn quan tâm tin dành cho nhóm nào? Chọn một hoặc nhiều nhóm, "
    "rồi bấm \u201cXong\u201d."
)
SUBSCRIBE_AUDIENCE_ADDED = "Đã chọn: {audiences}. Chọn thêm nhóm khác, hoặc bấm \u201cXong\u201d."
SUBSCRIBE_CHOOSE_AUDIENCES = (
    "Bạn chọn một hoặc nhiều nhóm tin bên dưới, rồi bấm \u201cXong\u201d (không chọn thì nhận "
    "tin dành cho mọi người dân)."
)
SUBSCRIBE_DONE_BUTTON = "Xong"
SUBSCRIBED = (
    "Đăng ký thành công! Bạn sẽ nhận tóm tắt văn bản pháp luật mới và thông báo của "
    "{commune}, dành cho: {audiences}. Tin gửi vào ban ngày, không làm phiền buổi tối.\n"
    "- Dừng nhận tin: gõ \u201chủy đăng ký\u201d.\n"
    "- Đổi xã, phường: gõ \u201cđổi xã\u201d.\n"
    "- Xem đăng ký: gõ \u201ctôi đã đăng ký gì\u201d."
)
COMMUNE_CHANGED = "Đã đổi nơi nhận tin sang {commune}. Các nhóm tin bạn đã chọn được giữ nguyên."
SUBSCRIPTION_STATUS = (
    "Bạn đang nhận tin của {commune}, dành cho: {audiences}. Gõ \u201chủy đăng ký\u201d để "
    "dừng, \u201cđổi xã\u201d để đổi nơi nhận tin."
)
NOT_SUBSCRIBED = "Bạn chưa đăng ký nhận tin. Bạn có muốn đăng ký không?"
UNSUBSCRIBED = (
    "Đã hủy đăng ký: bạn sẽ không nhận tin pháp luật mới nữa. Bạn vẫn có thể hỏi đáp pháp "
    "luật bất cứ lúc nào, và đăng ký lại khi muốn."
)
SUBSCRIPTION_CANCELLED = "Đã dừng đăng ký. Bạn cần hỏi gì thêm cứ nhắn cho tôi nhé."
FORWARD_CANCELLED = "Đã hủy chuyển câu hỏi. Bạn cần hỏi gì thêm cứ nhắn cho tôi nhé."
QUICK_REPLY_CHANGE_COMMUNE = "Đổi xã, phường"
QUICK_REPLY_UNSUBSCRIBE = "Hủy đăng ký"


CLARIFY = "Câu hỏi của bạn gần với vài nội dung dưới đây. Bạn muốn hỏi về nội dung nào?"
CLARIFY_NONE = (
    "Nếu không phải các nội dung trên, bạn chọn “Gặp cán bộ” để câu hỏi được chuyển tới cán bộ."
)

QUIZ_UNAVAILABLE = "Hiện chưa có cuộc thi tìm hiểu pháp luật nào."
MENU_QUIZ = "Thi tìm hiểu pháp luật"
