/** {@code afterimage.yaml}: one file, one section per component, each laid over that component's defaults. */
package org.afterimage.app.config;
