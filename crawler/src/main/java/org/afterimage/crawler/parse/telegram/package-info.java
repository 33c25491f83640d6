/** Telegram public channels (web preview pages): one adapter, created through {@link org.afterimage.crawler.parse.telegram.Telegram}. */
package org.afterimage.crawler.parse.telegram;
