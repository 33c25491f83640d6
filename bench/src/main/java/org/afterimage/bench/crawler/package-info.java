/** Crawler benchmarks: adapter parse vs bare jsoup/Jackson, fetch+capture vs a bare HttpClient loop, memory per watched source. */
package org.afterimage.bench.crawler;
