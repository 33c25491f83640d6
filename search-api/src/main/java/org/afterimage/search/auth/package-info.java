/** API keys (hashed, file-backed), roles and per-key rate limits. Internal. */
package org.afterimage.search.auth;
