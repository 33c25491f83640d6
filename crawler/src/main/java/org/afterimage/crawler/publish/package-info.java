/** Kafka edges: captures out (idempotent producer keyed by post key), recrawl requests in, poison records to dead letters. */
package org.afterimage.crawler.publish;
