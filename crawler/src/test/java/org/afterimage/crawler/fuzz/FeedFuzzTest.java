package org.afterimage.crawler.fuzz;

/** The Feed adapter under the properties of {@link AdapterFuzzing}. */
class FeedFuzzTest extends AdapterFuzzing {
    @Override
    String target() {
        return "rss";
    }
}
