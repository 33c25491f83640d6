/**
 * Alerts: saved subscriptions (a search query plus a delivery), matching of newly indexed events, signed webhooks
 * with retries and pausing, SSE and Atom feeds. Front door: {@link org.afterimage.search.alert.Alerts}.
 */
package org.afterimage.search.alert;
