/** HTTP: one {@code Routes} class, thin handlers, one exception-to-status mapping. Internal. */
package org.afterimage.search.http;
