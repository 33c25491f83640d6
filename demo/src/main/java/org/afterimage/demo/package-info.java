/** The demo's replay platform: a loopback server that publishes, edits and removes posts on a script, and its ground truth. */
package org.afterimage.demo;
