/** The {@code afterimage} launcher: picocli commands over the modules, and the one-JVM default. */
package org.afterimage.app;
