/** {@code afterimage demo}: the replay platform, the whole pipeline watching it, a demo subscription and its webhook receiver. */
package org.afterimage.app.demo;
