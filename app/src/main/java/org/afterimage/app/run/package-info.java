/** {@code afterimage run}: engines (embedded or external), topics, health endpoints, clean shutdown. */
package org.afterimage.app.run;
