package org.afterimage.testkit.fuzz;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;

/**
 * Runs one input under a deadline, so a hang fails the property instead of the build. The deadline is generous
 * (the CI machine is shared), and only a hang trips it: this is not a timing assertion.
 * {@code -Dafterimage.fuzz.timeoutSeconds=N} changes it. (The model's tests keep their own copy: testkit depends on
 * the model.)
 */
public final class Bounded {
    public static final Duration TIMEOUT = Duration.ofSeconds(Long.getLong("afterimage.fuzz.timeoutSeconds", 30));
    private static final ExecutorService POOL = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("fuzz-", 0).factory());

    /** What one call did: a value, or the exception it threw (never an Error: those fail here). */
    public record Outcome<T>(T value, Exception thrown) {
    }

    private Bounded() {
    }

    public static <T> Outcome<T> call(String what, Callable<T> body) {
        return call(what, TIMEOUT, body);
    }

    /** With a longer deadline, for a known-large input whose cost is linear but not small (multi-MiB documents). */
    public static <T> Outcome<T> call(String what, Duration timeout, Callable<T> body) {
        Future<T> f = POOL.submit(body);
        try {
            return new Outcome<>(f.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS), null);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError(what + ": no result within " + timeout + " (hang)");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof Error err) throw new AssertionError(what + ": " + err, err);   // StackOverflowError, OutOfMemoryError
            return new Outcome<>(null, (Exception) c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /**
     * The contract of every config loader: {@code load} gives a config, or an {@link IllegalArgumentException} with a
     * message (naming the key or the problem); any other exception, an Error or a hang fails.
     *
     * @return the message, or "" when the text loaded
     */
    public static String configLoads(String what, Callable<?> load) {
        Outcome<?> o = call(what, load);
        if (o.thrown() == null) {
            if (o.value() == null) throw new AssertionError(what + ": returned null");
            return "";
        }
        if (!(o.thrown() instanceof IllegalArgumentException e)) throw new AssertionError(what + ": undocumented exception " + o.thrown(), o.thrown());
        if (e.getMessage() == null || e.getMessage().isBlank()) throw new AssertionError(what + ": IllegalArgumentException without a message", e);
        return e.getMessage();
    }
}
