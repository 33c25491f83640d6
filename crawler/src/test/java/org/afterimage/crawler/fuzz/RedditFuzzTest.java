package org.afterimage.crawler.fuzz;

/** The Reddit adapter under the properties of {@link JsonAdapterFuzzing}. */
class RedditFuzzTest extends JsonAdapterFuzzing {
    @Override
    String target() {
        return "reddit";
    }
}
