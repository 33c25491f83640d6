package org.afterimage.crawler.fuzz;

/** The Telegram adapter under the properties of {@link AdapterFuzzing}. */
class TelegramFuzzTest extends AdapterFuzzing {
    @Override
    String target() {
        return "telegram";
    }
}
