package org.afterimage.detector.simulate;

import java.util.Map;
import java.util.Optional;
import org.afterimage.model.RemovalReason;

/**
 * The removal messages WeChat shows in place of an article (as recorded by WeChatScope), mapped to the taxonomy
 * (DESIGN §5). Only the simulation uses this table; the crawler's WeChat adapter owns the production mapping.
 */
public final class WeChatMessages {
    private static final Map<String, RemovalReason> EXACT = Map.of(
            "该内容已被发布者删除", RemovalReason.DELETED_BY_AUTHOR,
            "此内容因违规无法查看", RemovalReason.CENSORED,
            "此帐号已被屏蔽", RemovalReason.ACCOUNT_SUSPENDED,
            "此内容被投诉且经审核涉嫌侵权，无法查看", RemovalReason.CENSORED,
            "此内容被多人投诉，相关的内容无法进行查看", RemovalReason.CENSORED,
            "该公众号已迁移", RemovalReason.ACCOUNT_GONE);

    private WeChatMessages() {
    }

    /** The reason for a message, ignoring surrounding whitespace and trailing punctuation; empty if unknown. */
    public static Optional<RemovalReason> reasonFor(String message) {
        if (message == null) return Optional.empty();
        String m = message.strip();
        while (!m.isEmpty() && "，,。.！!".indexOf(m.charAt(m.length() - 1)) >= 0) m = m.substring(0, m.length() - 1).strip();
        RemovalReason r = EXACT.get(m);
        if (r != null) return Optional.of(r);
        // variants seen in the wild: same key phrases, other wording
        if (m.contains("违规")) return Optional.of(RemovalReason.CENSORED);
        if (m.contains("投诉")) return Optional.of(RemovalReason.CENSORED);
        if (m.contains("发布者删除") || m.contains("作者删除")) return Optional.of(RemovalReason.DELETED_BY_AUTHOR);
        if (m.contains("帐号") && m.contains("屏蔽") || m.contains("账号") && m.contains("屏蔽")) {
            return Optional.of(RemovalReason.ACCOUNT_SUSPENDED);
        }
        if (m.contains("迁移") || m.contains("已注销")) return Optional.of(RemovalReason.ACCOUNT_GONE);
        return Optional.empty();
    }
}
