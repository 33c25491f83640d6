/** RSS and Atom feeds: one adapter, created through {@link org.afterimage.crawler.parse.feed.Feed}. */
package org.afterimage.crawler.parse.feed;
