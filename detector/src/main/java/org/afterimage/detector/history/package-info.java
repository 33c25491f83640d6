/** The per-post history kept in the history store, and its binary-safe JSON codec. */
package org.afterimage.detector.history;
