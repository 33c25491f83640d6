/** The detector: a Kafka Streams application that watches captured posts and reports removals and edits ({@link org.afterimage.detector.Detector}). */
package org.afterimage.detector;
