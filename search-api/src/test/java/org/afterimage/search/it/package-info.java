/** Integration tests on real Kafka and Elasticsearch (testkit {@code @RealEngines}). */
package org.afterimage.search.it;
