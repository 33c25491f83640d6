package org.afterimage.crawler.classify;

import java.nio.file.Path;
import java.util.Objects;
import org.afterimage.model.Platform;

/**
 * The options of {@code afterimage classify}, typed so picocli can fill them.
 *
 * @param status  the HTTP status the body was served with ({@code null}: 200)
 * @param url     the URL it was fetched from ({@code null}: none; needed to name a gone post)
 * @param profile the YAML site profile, required for {@code html}
 */
public record ClassifyOptions(Platform platform, Integer status, String url, Path profile, Path file) {
    public ClassifyOptions {
        Objects.requireNonNull(platform, "--platform");
        Objects.requireNonNull(file, "FILE");
        if (status != null && (status < 100 || status > 599)) throw new IllegalArgumentException("--status must be 100..599, got " + status);
    }
}
