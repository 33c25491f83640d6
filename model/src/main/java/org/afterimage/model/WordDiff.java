package org.afterimage.model;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.List;
import org.afterimage.model.DiffSegment.Op;

/**
 * A word-level diff (java-diff-utils, Myers) between two versions of a post, as runs of kept, deleted and inserted
 * text. Words are runs of letters or digits; each CJK character, space run and punctuation mark is its own token,
 * since CJK text has no spaces between words (and one changed character is a real edit). Concatenating the segments
 * of one side gives that side's text back exactly. The detector uses it for alteration events and the search API
 * for the diffs between the versions of a post's history: one implementation, so both show the same diff.
 */
public final class WordDiff {
    /** Above this many tokens per side, the diff degrades to one delete and one insert (Myers is O(ND)). */
    static final int MAX_TOKENS = 20_000;

    private WordDiff() {
    }

    public static List<DiffSegment> diff(String before, String after) {
        List<String> a = tokens(before);
        List<String> b = tokens(after);
        List<DiffSegment> out = new ArrayList<>();
        if (a.size() > MAX_TOKENS || b.size() > MAX_TOKENS) {
            add(out, Op.DELETE, String.join("", a));
            add(out, Op.INSERT, String.join("", b));
            return out;
        }
        Patch<String> patch = DiffUtils.diff(a, b);
        int at = 0;
        for (AbstractDelta<String> d : patch.getDeltas()) {
            int pos = d.getSource().getPosition();
            add(out, Op.EQUAL, String.join("", a.subList(at, pos)));
            add(out, Op.DELETE, String.join("", d.getSource().getLines()));
            add(out, Op.INSERT, String.join("", d.getTarget().getLines()));
            at = pos + d.getSource().size();
        }
        add(out, Op.EQUAL, String.join("", a.subList(at, a.size())));
        return out;
    }

    private static void add(List<DiffSegment> out, Op op, String text) {
        if (text.isEmpty()) return;
        if (!out.isEmpty() && out.get(out.size() - 1).op() == op) {
            DiffSegment last = out.remove(out.size() - 1);
            out.add(new DiffSegment(op, last.text() + text));
        } else {
            out.add(new DiffSegment(op, text));
        }
    }

    static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        if (s == null) return out;
        int i = 0;
        int n = s.length();
        while (i < n) {
            int cp = s.codePointAt(i);
            int start = i;
            if (Character.isWhitespace(cp)) {
                while (i < n && Character.isWhitespace(s.codePointAt(i))) i += Character.charCount(s.codePointAt(i));
            } else if (Character.isLetterOrDigit(cp) && !isCjk(cp)) {
                while (i < n) {
                    int c = s.codePointAt(i);
                    if (!Character.isLetterOrDigit(c) || isCjk(c)) break;
                    i += Character.charCount(c);
                }
            } else {
                i += Character.charCount(cp);
            }
            out.add(s.substring(start, i));
        }
        return out;
    }

    static boolean isCjk(int cp) {
        Character.UnicodeScript sc = Character.UnicodeScript.of(cp);
        return sc == Character.UnicodeScript.HAN || sc == Character.UnicodeScript.HIRAGANA
                || sc == Character.UnicodeScript.KATAKANA || sc == Character.UnicodeScript.THAI;
    }
}
