package org.afterimage.crawler.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.afterimage.crawler.parse.Adapter;
import org.afterimage.crawler.parse.Adapters;
import org.afterimage.crawler.parse.Fixtures;
import org.afterimage.crawler.parse.Response;
import org.afterimage.crawler.parse.html.SiteProfile;
import org.afterimage.model.Platform;

/**
 * The seed corpus of each adapter: the real fixtures (bodies of recorded exchanges, saved pages, JSONL lines) plus the
 * few hand-made seeds under {@code fuzz/seeds/} for formats with no recorded fixture (feeds, WeChat pages, a site
 * profile). Targets are named by platform id.
 */
final class Corpus {
    static final List<String> TARGETS = List.of("telegram", "mastodon", "reddit", "twitter", "wechat", "weibo", "rss", "html");

    private Corpus() {
    }

    static Adapter adapter(String target) {
        if (target.equals("html")) {
            try {
                return Adapters.html(SiteProfile.load(resource("fuzz/seeds/html/profile.yaml")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Adapters.of(Platform.of(target));
    }

    static List<Response> seeds(String target) {
        List<Response> out = new ArrayList<>();
        switch (target) {
            case "telegram" -> {
                for (Path p : files("fixtures/telegram")) {
                    String name = p.getFileName().toString();
                    out.add(page(p, name.equals("full.html") ? "https://t.me/s/topwar_official" : "https://t.me/topwar_official/70991?embed=1"));
                }
            }
            case "mastodon" -> {
                for (Path p : files("fixtures/mastodon")) Fixtures.cassette("mastodon/" + p.getFileName()).forEach(e -> out.add(e.response()));
            }
            case "reddit" -> {
                for (Path p : files("fixtures/reddit")) Fixtures.cassette("reddit/" + p.getFileName()).forEach(e -> out.add(e.response()));
            }
            case "twitter" -> {
                for (Path p : files("fixtures/twitter")) {
                    for (String line : read(p).split("\n")) {
                        if (!line.isBlank()) out.add(Response.saved("", 200, line.getBytes(StandardCharsets.UTF_8)));
                    }
                }
            }
            case "wechat" -> {
                for (Path p : files("fuzz/seeds/wechat")) out.add(page(p, "https://mp.weixin.qq.com/s/AbCdEf123456"));
            }
            case "weibo" -> {
                out.add(page(resource("fixtures/weibo/getIndex-userInfo.json"), "https://m.weibo.cn/api/container/getIndex?uid=6100410734"));
                for (Path p : files("fuzz/seeds/weibo")) out.add(page(p, "https://m.weibo.cn/statuses/show?id=4400000000000009"));
            }
            case "rss" -> {
                for (Path p : files("fuzz/seeds/feed")) out.add(page(p, "https://blog.example/feed"));
            }
            case "html" -> {
                for (Path p : files("fuzz/seeds/html")) if (p.toString().endsWith(".html")) out.add(page(p, "https://forum.example/latest"));
                out.add(page(resource("fixtures/telegram/message_text.html"), "https://forum.example/latest"));
            }
            default -> throw new IllegalArgumentException(target);
        }
        if (out.isEmpty()) throw new IllegalStateException("no seeds for " + target);
        return List.copyOf(out);
    }

    private static Response page(Path p, String url) {
        try {
            return new Response(url, 200, Map.of(), Files.readAllBytes(p), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A test resource as a file (the test class path is a directory under target/). */
    static Path resource(String path) {
        URL u = Corpus.class.getResource("/" + path);
        if (u == null) throw new IllegalArgumentException("no test resource " + path);
        try {
            return Path.of(u.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The regular files under a resource directory, sorted (an absent directory has none). */
    static List<Path> files(String dir) {
        URL u = Corpus.class.getResource("/" + dir);
        if (u == null) return List.of();
        try (Stream<Path> s = Files.walk(resource(dir))) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
