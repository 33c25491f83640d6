/** Kafka glue shared by every module: topic names and specs, topic creation that is safe to produce to, serdes. */
package org.afterimage.model.kafka;
