/** Streamed exports (JSONL, CSV) over point-in-time + search_after, constant memory. Internal. */
package org.afterimage.search.export;
