/** The crawler's front door: {@link org.afterimage.crawler.Crawler} started from a {@link org.afterimage.crawler.CrawlerConfig}. */
package org.afterimage.crawler;
