/** The detector's quality benchmark: the real topology on a simulated clock against a simulated platform. */
package org.afterimage.detector.simulate;
