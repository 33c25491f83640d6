/**
 * Property-based fuzzing (jqwik) of the adapters, the config loader and the fetcher's limits (hostile input, issue 8).
 *
 * <p>Each adapter ({@code *FuzzTest}, one per platform) gets the properties of {@link
 * org.afterimage.crawler.fuzz.AdapterFuzzing}: mutated real fixtures (byte flips, truncation, splicing, deep nesting,
 * huge runs, invalid UTF-8, hostile tokens; JSON platforms also get wrong-typed values), random bytes and text, and
 * hostile URLs. The contract: posts or {@code UnparseableException}, nothing else, no hang (per-input deadline), output
 * no larger than a small multiple of the input. {@code BombsTest} covers the limits (decompression bombs from a local
 * server, deep HTML, huge attributes, billion laughs and XXE in feeds, JSON depth); {@code RegressionsTest} replays
 * {@code src/test/resources/fuzz/regressions/}.
 *
 * <p>The normal build runs {@code jqwik.tries.default} tries per property (junit-platform.properties). A long campaign:
 * <pre>
 * mvn -B -o -pl crawler test -Dtest='org.afterimage.crawler.fuzz.*FuzzTest' -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Djqwik.tries.default=20000 -Dafterimage.fuzz.maxBytes=2097152 -Dafterimage.fuzz.timeoutSeconds=60
 * </pre>
 * A failing body is saved under {@code target/fuzz-failures/<adapter>/}; copy it to
 * {@code src/test/resources/fuzz/regressions/<adapter>/} once fixed. jqwik's sample database is under {@code target/}.
 */
package org.afterimage.crawler.fuzz;
