/** WeChat public-account articles and the removal pages that replace them: one adapter, created through {@link org.afterimage.crawler.parse.wechat.Wechat}. */
package org.afterimage.crawler.parse.wechat;
