/** Generic HTML sites described by a YAML site profile: one adapter, created through {@link org.afterimage.crawler.parse.html.Html}. */
package org.afterimage.crawler.parse.html;
