package org.afterimage.crawler.fuzz;

/** The Wechat adapter under the properties of {@link AdapterFuzzing}. */
class WechatFuzzTest extends AdapterFuzzing {
    @Override
    String target() {
        return "wechat";
    }
}
