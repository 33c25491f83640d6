/** WARC/1.1 capture with jwarc: every fetch as a request and a response record, in rotating files under the data dir. */
package org.afterimage.crawler.capture;
