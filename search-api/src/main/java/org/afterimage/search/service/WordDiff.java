package org.afterimage.search.service;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.List;
import org.afterimage.model.DiffSegment;

/**
 * Word-level diff between two versions of a post. Words are runs of letters and digits; each CJK character is a
 * word of its own (Chinese has no spaces, and one changed character is a real edit); whitespace and punctuation are
 * tokens too, so concatenating the segments of one side gives that side's text back exactly.
 */
public final class WordDiff {
    /** Inputs longer than this (in tokens) are diffed as one replace: Myers is quadratic in the worst case. */
    static final int MAX_TOKENS = 20_000;

    private WordDiff() {
    }

    public static List<DiffSegment> diff(String before, String after) {
        List<String> a = tokens(before);
        List<String> b = tokens(after);
        List<DiffSegment> out = new ArrayList<>();
        if (a.size() > MAX_TOKENS || b.size() > MAX_TOKENS) {
            add(out, DiffSegment.Op.DELETE, before);
            add(out, DiffSegment.Op.INSERT, after);
            return out;
        }
        Patch<String> patch = DiffUtils.diff(a, b);
        int pos = 0;
        for (AbstractDelta<String> d : patch.getDeltas()) {
            int start = d.getSource().getPosition();
            add(out, DiffSegment.Op.EQUAL, String.join("", a.subList(pos, start)));
            add(out, DiffSegment.Op.DELETE, String.join("", d.getSource().getLines()));
            add(out, DiffSegment.Op.INSERT, String.join("", d.getTarget().getLines()));
            pos = start + d.getSource().size();
        }
        add(out, DiffSegment.Op.EQUAL, String.join("", a.subList(pos, a.size())));
        return out;
    }

    private static void add(List<DiffSegment> out, DiffSegment.Op op, String text) {
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
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int j = i + Character.charCount(cp);
            if (QueryText.isCjk(cp)) {
                // one character, one token
            } else if (Character.isLetterOrDigit(cp)) {
                while (j < s.length()) {
                    int c = s.codePointAt(j);
                    if (!Character.isLetterOrDigit(c) || QueryText.isCjk(c)) break;
                    j += Character.charCount(c);
                }
            } else if (Character.isWhitespace(cp)) {
                while (j < s.length() && Character.isWhitespace(s.codePointAt(j))) j += Character.charCount(s.codePointAt(j));
            }
            out.add(s.substring(i, j));
            i = j;
        }
        return out;
    }
}
