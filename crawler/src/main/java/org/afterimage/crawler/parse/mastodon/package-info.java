/** Mastodon statuses through any instance's public REST API: one adapter, created through {@link org.afterimage.crawler.parse.mastodon.Mastodon}. */
package org.afterimage.crawler.parse.mastodon;
