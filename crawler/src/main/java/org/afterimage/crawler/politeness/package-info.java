/** Politeness: robots.txt, per-host rate limits, retries only for transient failures, circuit breakers, the opt-out list. */
package org.afterimage.crawler.politeness;
