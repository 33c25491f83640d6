/** {@code afterimage classify}: read a saved response and print one JSON line per post, for people and for checking. */
package org.afterimage.crawler.classify;
