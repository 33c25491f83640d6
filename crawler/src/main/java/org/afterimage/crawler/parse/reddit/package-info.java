/** Reddit public JSON (listings, comment threads, api/info): one adapter, created through {@link org.afterimage.crawler.parse.reddit.Reddit}. */
package org.afterimage.crawler.parse.reddit;
