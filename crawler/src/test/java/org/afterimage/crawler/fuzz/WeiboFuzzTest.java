package org.afterimage.crawler.fuzz;

/** The Weibo adapter under the properties of {@link JsonAdapterFuzzing}. */
class WeiboFuzzTest extends JsonAdapterFuzzing {
    @Override
    String target() {
        return "weibo";
    }
}
