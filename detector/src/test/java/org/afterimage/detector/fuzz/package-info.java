/**
 * Property-based fuzzing (jqwik) of this module's parsers (hostile input, issue 8). The normal build runs
 * {@code jqwik.tries.default} tries per property (junit-platform.properties); a long campaign:
 * {@code mvn -B -o -pl detector test -Dtest='org.afterimage.detector.fuzz.*' -Dsurefire.failIfNoSpecifiedTests=false -Djqwik.tries.default=20000}
 * (add {@code -Dafterimage.fuzz.maxBytes=N} for larger mutated inputs, {@code -Dafterimage.fuzz.timeoutSeconds=N}
 * for the per-input deadline). jqwik's sample database is under {@code target/}.
 */
package org.afterimage.detector.fuzz;
