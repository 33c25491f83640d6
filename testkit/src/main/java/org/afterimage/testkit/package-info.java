/** Real engines for integration tests: {@code @RealEngines} on a test class, an {@link org.afterimage.testkit.Engines} parameter in its methods. */
package org.afterimage.testkit;
