/** X/Twitter API v2 responses, twarc JSONL lines and compliance events: one adapter, created through {@link org.afterimage.crawler.parse.twitter.Twitter}. */
package org.afterimage.crawler.parse.twitter;
