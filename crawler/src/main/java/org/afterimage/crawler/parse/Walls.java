package org.afterimage.crawler.parse;

import java.util.Locale;
import java.util.Optional;
import org.afterimage.model.FetchOutcome;
import org.afterimage.model.UnreachableCause;
import org.jsoup.nodes.Document;

/**
 * Recognises pages served instead of content: captchas, login walls, "verify you are human" interstitials. Only
 * consulted when an adapter found no post, so a post that merely mentions a captcha is not mistaken for one. Public for the platform sub-packages
 * only, not part of the crawler's API.
 */
public final class Walls {
    private static final String[] MARKERS = {
        "captcha", "verify you are human", "are you a robot", "log in to continue", "sign in to continue",
        "please log in", "please sign in", "login required", "环境异常", "请登录", "登录后查看", "安全验证", "访问过于频繁"};

    private Walls() {
    }

    public static Optional<FetchOutcome.Unreachable> check(Document doc) {
        String title = doc.title().toLowerCase(Locale.ROOT);
        String text = doc.body() == null ? "" : doc.body().text().toLowerCase(Locale.ROOT);
        if (text.length() > 20_000) text = text.substring(0, 20_000);
        boolean loginForm = !doc.select("form[action*=login], form[action*=signin], input[type=password]").isEmpty();
        for (String m : MARKERS) {
            if (title.contains(m) || text.contains(m)) {
                return Optional.of(new FetchOutcome.Unreachable(UnreachableCause.LOGIN_WALL, "page shows '" + m + "'"));
            }
        }
        if (loginForm) return Optional.of(new FetchOutcome.Unreachable(UnreachableCause.LOGIN_WALL, "page shows a login form"));
        return Optional.empty();
    }
}
