package org.afterimage.model.fuzz;

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
 * {@code -Dafterimage.fuzz.timeoutSeconds=N} changes it.
 */
final class Bounded {
    static final Duration TIMEOUT = Duration.ofSeconds(Long.getLong("afterimage.fuzz.timeoutSeconds", 30));
    private static final ExecutorService POOL = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("fuzz-", 0).factory());

    /** What one call did: a value, or the exception it threw (never an Error: those fail here). */
    record Outcome<T>(T value, Exception thrown) {
    }

    private Bounded() {
    }

    static <T> Outcome<T> call(String what, Callable<T> body) {
        return call(what, TIMEOUT, body);
    }

    /** With a longer deadline, for a known-large input whose cost is linear but not small (multi-MiB documents). */
    static <T> Outcome<T> call(String what, Duration timeout, Callable<T> body) {
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
}
