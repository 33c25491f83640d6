package org.afterimage.crawler.parse;

import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/** Readable text from markup: {@code <br>} and block ends become line breaks, runs of spaces one space. */
final class Texts {
    private static final Set<String> BLOCKS = Set.of("p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "tr", "section", "article");
    private static final Pattern SPACES = Pattern.compile("[ \\t\\x0B\\f\\r\\u00A0]+");
    private static final Pattern BLANK_LINES = Pattern.compile("\\n{3,}");

    private Texts() {
    }

    static String of(Element e) {
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
    static String ofHtml(String html) {
        return of(Jsoup.parseBodyFragment(html).body());
    }

    static String tidy(String s) {
        String[] lines = SPACES.matcher(s).replaceAll(" ").split("\n", -1);
        StringBuilder out = new StringBuilder();
        for (String l : lines) out.append(l.strip()).append('\n');
        return BLANK_LINES.matcher(out.toString()).replaceAll("\n\n").strip();
    }
}
