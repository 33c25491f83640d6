/** Tests of the browser UI: headers and content types over HTTP, static checks of the files, and the Chromium IT. */
package org.afterimage.search.ui;
