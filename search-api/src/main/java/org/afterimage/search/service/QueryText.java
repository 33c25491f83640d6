package org.afterimage.search.service;

/**
 * Prepares the user's {@code q} for {@code simple_query_string}. The standard analyzer splits Chinese, Japanese and
 * Korean text into single characters, so an unquoted {@code 维权律师} would match any post holding those four
 * characters anywhere. Runs of two or more CJK characters outside quotes are therefore quoted, making them phrase
 * queries (the characters adjacent, in order), which is what a reader of those languages means. The words
 * {@code OR} and {@code AND} between terms become simple_query_string's {@code |} and {@code +}.
 */
public final class QueryText {
    private QueryText() {
    }

    /** @throws InvalidParameterException naming {@code q} when too long or holding control characters */
    public static String prepare(String q, int maxLength) {
        if (q == null) return "";
        if (q.length() > maxLength) {
            throw new InvalidParameterException("q", "longer than " + maxLength + " characters (" + q.length() + ")");
        }
        for (int i = 0; i < q.length(); i++) {
            char c = q.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                throw new InvalidParameterException("q", "control character at position " + i);
            }
        }
        return phraseCjk(q.strip());
    }

    static String phraseCjk(String q) {
        StringBuilder out = new StringBuilder(q.length() + 8);
        boolean inQuote = false;
        int i = 0;
        while (i < q.length()) {
            int cp = q.codePointAt(i);
            if (cp == '"') {
                inQuote = !inQuote;
                out.append('"');
                i++;
                continue;
            }
            if (!inQuote && (i == 0 || Character.isWhitespace(q.charAt(i - 1)))) {
                // the words OR / AND between terms mean what people expect: simple_query_string spells them | and +
                String op = q.startsWith("OR", i) ? "|" : q.startsWith("AND", i) ? "+" : null;
                int len = op == null ? 0 : op.equals("|") ? 2 : 3;
                if (op != null && i + len < q.length() && Character.isWhitespace(q.charAt(i + len)) && i > 0) {
                    out.append(op);
                    i += len;
                    continue;
                }
            }
            if (!inQuote && isCjk(cp)) {
                int j = i;
                int n = 0;
                while (j < q.length() && isCjk(q.codePointAt(j))) {
                    j += Character.charCount(q.codePointAt(j));
                    n++;
                }
                if (n >= 2) out.append('"').append(q, i, j).append('"');
                else out.append(q, i, j);
                i = j;
                continue;
            }
            out.appendCodePoint(cp);
            i += Character.charCount(cp);
        }
        if (inQuote) out.append('"');   // an unbalanced quote would otherwise swallow the rest silently
        return out.toString();
    }

    static boolean isCjk(int cp) {
        Character.UnicodeScript s = Character.UnicodeScript.of(cp);
        return s == Character.UnicodeScript.HAN || s == Character.UnicodeScript.HIRAGANA
                || s == Character.UnicodeScript.KATAKANA || s == Character.UnicodeScript.HANGUL;
    }
}
