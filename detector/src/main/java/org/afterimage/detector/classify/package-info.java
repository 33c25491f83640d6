/** Classifies a capture against a post's history into events, a new history and the next check. */
package org.afterimage.detector.classify;
