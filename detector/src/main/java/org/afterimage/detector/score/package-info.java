/** The censorship probability: deterministic, explainable log-odds over weighted evidence items. */
package org.afterimage.detector.score;
