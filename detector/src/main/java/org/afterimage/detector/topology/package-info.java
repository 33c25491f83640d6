/** Builds the Kafka Streams topology: decode, detect (history, classify, score, schedule) and route to the output topics. */
package org.afterimage.detector.topology;
