/** Weibo m.weibo.cn container JSON and statuses/show error codes: one adapter, created through {@link org.afterimage.crawler.parse.weibo.Weibo}. */
package org.afterimage.crawler.parse.weibo;
