package org.afterimage.crawler.parse;

import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Readable text from markup: {@code <br>} and block ends become line breaks, runs of spaces one space. Public for the platform sub-packages
 * only, not part of the crawler's API.
 */
public final class Texts {
    private static final Set<String> BLOCKS = Set.of("p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "tr", "section", "article");

    private Texts() {
    }

    public static String of(Element e) {
        StringBuilder sb = new StringBuilder();
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode t) sb.append(t.getWholeText().replace('\n', ' '));
                else if (node instanceof Element el && el.normalName().equals("br")) sb.append('\n');
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element el && node != e && BLOCKS.contains(el.normalName())) sb.append("\n\n");
            }
        }, e);
        return tidy(sb.toString());
    }

    /** Text of an HTML fragment (Mastodon {@code content}, Reddit {@code body_html}). */
    public static String ofHtml(String html) {
        return of(Jsoup.parseBodyFragment(html).body());
    }

    /**
     * Text of a sanitised HTML fragment (Mastodon {@code content}, Weibo {@code text}) without building a DOM: tags
     * dropped, {@code <br>} and block ends as line breaks, entities decoded. Same result as {@link #ofHtml} on such
     * fragments, several times faster; markup a sanitiser would not emit ({@code <script>}, comments) goes the DOM way.
     */
    public static String ofFragment(String html) {
        if (html.indexOf('<') < 0 && html.indexOf('&') < 0) return tidy(html.replace('\n', ' '));
        String lower = html.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("<script") || lower.contains("<style") || lower.contains("<!--") || lower.contains("<textarea")) return ofHtml(html);
        StringBuilder out = new StringBuilder(html.length());
        int n = html.length();
        for (int i = 0; i < n; i++) {
            char c = html.charAt(i);
            if (c == '<' && i + 1 < n && (Character.isLetter(html.charAt(i + 1)) || html.charAt(i + 1) == '/')) {
                int end = html.indexOf('>', i);
                if (end < 0) {
                    break;   // an unterminated tag at the end: jsoup drops it too
                }
                boolean closing = html.charAt(i + 1) == '/';
                int nameStart = closing ? i + 2 : i + 1;
                int nameEnd = nameStart;
                while (nameEnd < end && Character.isLetterOrDigit(html.charAt(nameEnd))) nameEnd++;
                String name = lower.substring(nameStart, nameEnd);
                if (name.equals("br")) out.append('\n');
                else if (closing && BLOCKS.contains(name)) out.append("\n\n");
                i = end;
            } else if (c == '\n' || c == '\r' || c == '\t') {
                out.append(' ');
            } else {
                out.append(c);
            }
        }
        return tidy(org.jsoup.parser.Parser.unescapeEntities(out.toString(), false));
    }

    /**
     * Runs of spaces (tab, CR, NBSP...) become one space, lines are stripped, blank runs become one blank line. One
     * pass by hand: the regex version (replaceAll, split, replaceAll) cost as much as the walk that collected the text.
     */
    static String tidy(String s) {
        StringBuilder out = new StringBuilder(s.length());
        StringBuilder line = new StringBuilder(128);
        boolean blankBefore = false;
        int n = s.length();
        int start = 0;
        while (true) {
            int end = s.indexOf('\n', start);
            if (end < 0) end = n;
            line.setLength(0);
            boolean space = false;
            for (int i = start; i < end; i++) {
                char c = s.charAt(i);
                if (c == ' ' || c == '\t' || c == '\u000B' || c == '\f' || c == '\r' || c == '\u00A0') {
                    if (!space) line.append(' ');
                    space = true;
                } else {
                    line.append(c);
                    space = false;
                }
            }
            String l = line.toString().strip();
            if (l.isEmpty()) {
                blankBefore = true;
            } else {
                if (!out.isEmpty()) out.append(blankBefore ? "\n\n" : "\n");
                out.append(l);
                blankBefore = false;
            }
            if (end == n) return out.toString();
            start = end + 1;
        }
    }

    /** At most 60 characters of {@code s}, for error messages that quote hostile input. */
    public static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }
}
