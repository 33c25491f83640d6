/** Detector benchmarks: captures/s against a pass-through topology, schedule tick cost, state bytes per post. */
package org.afterimage.bench.detector;
