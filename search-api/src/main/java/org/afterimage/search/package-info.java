/** Search API front doors: {@link org.afterimage.search.SearchApi}, {@link org.afterimage.search.Indexer}, {@link org.afterimage.search.SearchConfig}. */
package org.afterimage.search;
