/** Search, post history, events, stats: query building over Elasticsearch, no HTTP. Internal. */
package org.afterimage.search.service;
