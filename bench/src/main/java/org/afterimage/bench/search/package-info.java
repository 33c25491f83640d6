/** Search API benchmarks: indexer throughput, search latency under fixed load, export throughput, each against a bare baseline. */
package org.afterimage.bench.search;
