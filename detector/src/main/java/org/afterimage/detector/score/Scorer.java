package org.afterimage.detector.score;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.afterimage.detector.DetectorConfig;
import org.afterimage.model.EvidenceItem;
import org.afterimage.model.RemovalReason;

/**
 * The censorship probability of a removal: {@code sigmoid(prior + Σ weights)} over evidence items, each kept with
 * its weight and a detail a person can read (DESIGN §6). Deterministic: the same facts give the same number.
 */
public final class Scorer {
    private final DetectorConfig.Score cfg;
    private final Lexicon lexicon;

    public Scorer(DetectorConfig.Score cfg, Lexicon lexicon) {
        this.cfg = cfg;
        this.lexicon = lexicon;
    }

    public Lexicon lexicon() {
        return lexicon;
    }

    /**
     * The facts about one removal.
     *
     * @param sinceOrigin         publication (or first sight) to detection; {@code null} if unknown
     * @param authorCensored      earlier censored/suspended removals of the same author
     * @param authorSuspendedBefore the author's account was suspended before
     * @param nearDuplicateAccounts other accounts whose near-identical text was removed within the window
     * @param restored            the post came back since
     */
    public record Facts(RemovalReason reason, Duration sinceOrigin, String text, int authorCensored,
                        boolean authorSuspendedBefore, int nearDuplicateAccounts, boolean restored) {
    }

    /** The result: probability in [0,1] and the items that add up to it (the prior first). */
    public record Score(double probability, List<EvidenceItem> items) {
    }

    public Score score(Facts f) {
        List<EvidenceItem> items = new ArrayList<>();
        items.add(new EvidenceItem("prior", "base rate", cfg.prior()));
        items.add(new EvidenceItem("reason", "platform signal: " + f.reason(), cfg.reasonWeights().get(f.reason())));
        if (f.sinceOrigin() != null && f.reason().isContentRemoval()) {
            Duration d = f.sinceOrigin();
            String human = human(d);
            if (d.compareTo(Duration.ofHours(1)) <= 0) {
                items.add(new EvidenceItem("time_to_removal", "removed within " + human + " of publication", cfg.fastRemovalHour()));
            } else if (d.compareTo(Duration.ofDays(1)) <= 0) {
                items.add(new EvidenceItem("time_to_removal", "removed within " + human + " of publication", cfg.fastRemovalDay()));
            } else if (d.compareTo(Duration.ofDays(7)) > 0) {
                items.add(new EvidenceItem("time_to_removal", "removed " + human + " after publication", cfg.slowRemovalWeek()));
            }
        }
        int maxHits = (int) Math.max(1, Math.ceil(cfg.lexiconCap() / Math.max(1e-9, Math.abs(cfg.lexiconHit()))));
        List<String> hits = lexicon.hits(f.text(), Math.min(maxHits, 50));
        if (!hits.isEmpty()) {
            double w = Math.min(cfg.lexiconCap(), hits.size() * cfg.lexiconHit());
            items.add(new EvidenceItem("lexicon", hits.size() + " lexicon hit" + (hits.size() == 1 ? "" : "s") + ": "
                    + String.join(", ", hits), w));
        }
        if (f.authorCensored() > 0) {
            double w = Math.min(cfg.authorCap(), f.authorCensored() * cfg.authorRemoval());
            items.add(new EvidenceItem("author_history", f.authorCensored() + " earlier censored removal"
                    + (f.authorCensored() == 1 ? "" : "s") + " of this author", w));
        }
        if (f.nearDuplicateAccounts() > 0) {
            double w = Math.min(cfg.nearDuplicateCap(), f.nearDuplicateAccounts() * cfg.nearDuplicate());
            items.add(new EvidenceItem("near_duplicates", "same or near-identical text removed from "
                    + f.nearDuplicateAccounts() + " other account" + (f.nearDuplicateAccounts() == 1 ? "" : "s")
                    + " within " + human(cfg.nearDuplicateWindow()), w));
        }
        if (f.authorSuspendedBefore() && f.reason() != RemovalReason.ACCOUNT_SUSPENDED) {
            items.add(new EvidenceItem("account_suspended", "the author's account was suspended before", cfg.accountSuspended()));
        }
        if (f.restored()) {
            items.add(new EvidenceItem("restored", "the post was visible again later (temporary block)", cfg.restored()));
        }
        double logit = 0;
        for (EvidenceItem i : items) logit += i.weight();
        double p = 1.0 / (1.0 + Math.exp(-logit));
        // round so that the JSON form is stable and readable; clamp for the [0,1] invariant
        p = Math.max(0.0, Math.min(1.0, Math.round(p * 10_000) / 10_000.0));
        return new Score(p, items);
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 120) return s + " s";
        if (s < 7200) return (s / 60) + " min";
        if (s < 2 * 86400) return (s / 3600) + " h";
        return (s / 86400) + " d";
    }
}
