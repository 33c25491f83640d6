/** Input mutations for the property-based fuzz suites (jqwik), seeded from real fixtures. */
package org.afterimage.testkit.fuzz;
