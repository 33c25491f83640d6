package org.afterimage.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code kubectl kustomize} on a directory. kubectl is a build prerequisite (Debian's
 * {@code kubernetes-client}, installed by .ci/run): when it is missing the tests fail with the install command,
 * they never skip, so a green build always means the overlays were rendered.
 */
final class Kubectl {
    static final String INSTALL_HINT = "kubectl not found: the k8s module renders its overlays with `kubectl kustomize`. "
            + "Install it (Debian: apt-get update && apt-get install -y kubernetes-client), "
            + "or point -Dkubectl=/path/to/kubectl or KUBECTL=/path/to/kubectl at one.";

    private final Path executable;

    private Kubectl(Path executable) {
        this.executable = executable;
    }

    /** kubectl from -Dkubectl, $KUBECTL or the PATH; an AssertionError naming the install command otherwise. */
    static Kubectl locate() {
        String explicit = System.getProperty("kubectl", System.getenv("KUBECTL"));
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit);
            if (!Files.isExecutable(p)) {
                throw new AssertionError(INSTALL_HINT + " (" + p + " is not an executable file)");
            }
            return new Kubectl(p);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return new Kubectl(candidate);
            }
        }
        throw new AssertionError(INSTALL_HINT + " (searched PATH=" + path + ")");
    }

    Path executable() {
        return executable;
    }

    /** The rendered multi-document YAML of a kustomization directory; an AssertionError with kubectl's message. */
    String kustomize(Path dir) {
        List<String> command = List.of(executable.toString(), "kustomize", dir.toString());
        try {
            Process process = new ProcessBuilder(command).start();
            process.getOutputStream().close();
            // read both pipes concurrently: a full stderr pipe would block kubectl forever
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            String out = readAll(process.getInputStream());
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("`" + String.join(" ", command) + "` did not finish within 120 s");
            }
            String stderr = err.join();
            if (process.exitValue() != 0) {
                throw new AssertionError("`" + String.join(" ", command) + "` failed with exit code "
                        + process.exitValue() + ":\n" + stderr);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("could not run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    private static String readAll(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
