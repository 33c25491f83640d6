package org.afterimage.crawler.parse;

/**
 * Cheap checks of platform ids (String.matches compiles a regex per call; these run per post). Public for the platform sub-packages
 * only, not part of the crawler's API.
 */
public final class Ids {
    private Ids() {
    }

    /** True when {@code s} is {@code min..max} ASCII digits. */
    public static boolean digits(String s, int min, int max) {
        if (s == null || s.length() < min || s.length() > max) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }
}
