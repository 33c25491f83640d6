/** Single-node Kafka (KRaft) and Elasticsearch inside this JVM: the one-machine default, and the test fallback. */
package org.afterimage.engines;
