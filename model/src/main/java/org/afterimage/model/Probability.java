package org.afterimage.model;

/** Guards the one invariant every censorship probability keeps. */
final class Probability {
    private Probability() {
    }

    static void check(double p) {
        if (!(p >= 0.0 && p <= 1.0)) throw new IllegalArgumentException("probability must be in [0,1], got " + p);
    }
}
