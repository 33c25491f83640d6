/** HTTP fetching: JDK HttpClient on virtual threads, bounded bodies, manual redirects, decompression with a limit. */
package org.afterimage.crawler.fetch;
