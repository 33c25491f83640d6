package org.afterimage.model.kafka;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The topic names (DESIGN §3) and how each is laid out. The topics are the contract between modules; every
 * producer and consumer gets its names from a {@code Topics} value, normally {@link #DEFAULT}
 * ({@code afterimage.captures}, ...). A different namespace lets several deployments, or several tests, share one
 * broker without seeing each other's records.
 */
public record Topics(String namespace) {
    // before DEFAULT: static initialisers run in order
    private static final Pattern LEGAL = Pattern.compile("[A-Za-z0-9._-]{1,180}");

    /** {@code afterimage.*}. */
    public static final Topics DEFAULT = new Topics("afterimage");

    /** How one topic is laid out. */
    public record Spec(String name, int partitions, boolean compacted) {
    }

    public Topics {
        Objects.requireNonNull(namespace, "namespace");
        if (!LEGAL.matcher(namespace).matches()) {
            throw new IllegalArgumentException("topic namespace '" + namespace + "' must match " + LEGAL.pattern());
        }
    }

    public static Topics in(String namespace) {
        return new Topics(namespace);
    }

    /** Every fetch of every post; keyed by post key. */
    public String captures() {
        return namespace + ".captures";
    }

    /** What the detector wants fetched again. */
    public String recrawlRequests() {
        return namespace + ".recrawl-requests";
    }

    /** Compacted: the current state of each post. */
    public String posts() {
        return namespace + ".posts";
    }

    /** Removal, alteration and restoration events; append-only. */
    public String events() {
        return namespace + ".events";
    }

    /** Poison records, with the reason. */
    public String deadLetters() {
        return namespace + ".dead-letters";
    }

    /** Compacted: saved alert subscriptions (search-api), keyed by subscription id; a tombstone deletes one. */
    public String subscriptions() {
        return namespace + ".subscriptions";
    }

    /** Matched alerts, keyed by subscription id (one subscription's alerts stay in order in one partition). */
    public String alerts() {
        return namespace + ".alerts";
    }

    /** Compacted: the webhook delivery state of each subscription (status, last success/error, position). */
    public String alertDeliveries() {
        return namespace + ".alert-deliveries";
    }

    /**
     * Compacted, one partition: the redactions (search-api privacy), keyed by {@code Redaction.target()}; the durable
     * list every indexer filters against and the audit log. Not in {@link #specs(int)}: the search API creates it
     * at start with {@code TopicAdmin} (see {@link #redactionsSpec()}).
     */
    public String redactions() {
        return namespace + ".redactions";
    }

    /** The layout of {@link #redactions()}: compacted, one partition (a total order, and small). */
    public Spec redactionsSpec() {
        return new Spec(redactions(), 1, true);
    }

    /**
     * The search API's alert topics (not in {@link #specs(int)}: the pipeline's five topics are the core contract;
     * the search API creates these itself at start with {@code TopicAdmin}).
     */
    public List<Spec> alertSpecs(int partitions) {
        if (partitions < 1) throw new IllegalArgumentException("partitions must be >= 1");
        return List.of(
                new Spec(subscriptions(), 1, true),
                new Spec(alerts(), partitions, false),
                new Spec(alertDeliveries(), 1, true));
    }

    /** All topics with {@code partitions} partitions each (dead letters get one). */
    public List<Spec> specs(int partitions) {
        if (partitions < 1) throw new IllegalArgumentException("partitions must be >= 1");
        return List.of(
                new Spec(captures(), partitions, false),
                new Spec(recrawlRequests(), partitions, false),
                new Spec(posts(), partitions, true),
                new Spec(events(), partitions, false),
                new Spec(deadLetters(), 1, false));
    }
}
