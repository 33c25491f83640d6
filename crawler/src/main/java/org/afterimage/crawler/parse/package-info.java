/** Platform adapters: turn one response (status, headers, body) into per-post outcomes; one class per platform, one line each in {@link org.afterimage.crawler.parse.Adapters}. */
package org.afterimage.crawler.parse;
