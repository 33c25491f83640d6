package org.afterimage.crawler.fuzz;

/** The Html adapter under the properties of {@link AdapterFuzzing}. */
class HtmlFuzzTest extends AdapterFuzzing {
    @Override
    String target() {
        return "html";
    }
}
