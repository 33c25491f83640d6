/**
 * Privacy duties of the archive: redaction ({@code POST /api/v1/redactions}), opt-out (the crawler's
 * {@code optOut} list redacts what was archived before), and retention (self-deleted posts purged after
 * {@code privacy.selfDeletedRetention}). Front door: {@link org.afterimage.search.privacy.PrivacyService}.
 *
 * <p>The compacted {@code <ns>.redactions} topic is the durable list and the audit log. Every indexer loads it at
 * start and follows it, and drops any record of a redacted post, author or host before indexing, so neither the live
 * indexer nor {@code afterimage reindex} (a replay of every topic) can bring a redacted post back. There is no
 * un-redaction.
 */
package org.afterimage.search.privacy;
