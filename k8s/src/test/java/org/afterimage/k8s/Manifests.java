package org.afterimage.k8s;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** The overlays, rendered once per test JVM and loaded strictly. */
final class Manifests {
    static final List<String> OVERLAYS = List.of("dev", "prod");
    private static final Map<String, List<Rendered>> CACHE = new ConcurrentHashMap<>();

    private Manifests() {
    }

    /** The k8s module directory (set by Surefire; the working directory when run from an IDE). */
    static Path moduleDir() {
        Path dir = Path.of(System.getProperty("afterimage.k8s.dir", "."));
        if (!Files.isDirectory(dir.resolve("overlays"))) {
            throw new AssertionError("no overlays/ under " + dir.toAbsolutePath() + ": run from the k8s module");
        }
        return dir;
    }

    static String renderYaml(String overlay) {
        return Kubectl.locate().kustomize(moduleDir().resolve("overlays").resolve(overlay));
    }

    static List<Rendered> overlay(String overlay) {
        return CACHE.computeIfAbsent(overlay, o -> List.copyOf(StrictModel.load(renderYaml(o))));
    }

    static <T> List<T> all(String overlay, Class<T> type) {
        return overlay(overlay).stream().filter(r -> type.isInstance(r.model())).map(r -> r.as(type)).toList();
    }

    static <T> T one(String overlay, Class<T> type, String name) {
        List<Rendered> found = overlay(overlay).stream()
                .filter(r -> type.isInstance(r.model()) && r.name().equals(name)).toList();
        if (found.size() != 1) {
            throw new AssertionError(overlay + ": expected one " + type.getSimpleName() + " named " + name + ", found " + found);
        }
        return found.get(0).as(type);
    }

    static List<Rendered> matching(String overlay, Predicate<Rendered> filter) {
        return overlay(overlay).stream().filter(filter).toList();
    }
}
