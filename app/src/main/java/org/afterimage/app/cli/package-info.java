/** One picocli command class per {@code afterimage} sub-command. */
package org.afterimage.app.cli;
