/** Soak: the demo run for a long time while its process's heap, threads, open files and Kafka lag are sampled. */
package org.afterimage.bench.soak;
