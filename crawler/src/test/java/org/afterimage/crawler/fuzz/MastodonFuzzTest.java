package org.afterimage.crawler.fuzz;

/** The Mastodon adapter under the properties of {@link JsonAdapterFuzzing}. */
class MastodonFuzzTest extends JsonAdapterFuzzing {
    @Override
    String target() {
        return "mastodon";
    }
}
