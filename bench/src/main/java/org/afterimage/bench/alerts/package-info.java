/** Alert benchmarks: matching cost per batch against many subscriptions, and alert delay end to end. */
package org.afterimage.bench.alerts;
