/** What a running instance is doing, in numbers a person can follow: the status line, {@code /status}, {@code afterimage status}. */
package org.afterimage.app.status;
