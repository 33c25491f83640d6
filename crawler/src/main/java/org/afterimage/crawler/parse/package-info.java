/**
 * What every platform adapter shares: the {@link org.afterimage.crawler.parse.Adapter} seam, the response and result
 * types, the helpers no adapter may reimplement (statuses, walls, text, JSON limits), and the registry
 * {@link org.afterimage.crawler.parse.Adapters}, one line per platform; each platform lives in its own sub-package.
 */
package org.afterimage.crawler.parse;
