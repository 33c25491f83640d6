/** Kafka to Elasticsearch: versioned mappings behind aliases, documents, the bulk indexer. Internal. */
package org.afterimage.search.index;
