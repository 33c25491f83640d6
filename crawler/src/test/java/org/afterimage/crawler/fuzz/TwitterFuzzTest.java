package org.afterimage.crawler.fuzz;

/** The Twitter adapter under the properties of {@link JsonAdapterFuzzing}. */
class TwitterFuzzTest extends JsonAdapterFuzzing {
    @Override
    String target() {
        return "twitter";
    }
}
