package io.millwright.http;

/**
 * Whether the platform can serve traffic, as reported by {@code GET /readyz}. Liveness ({@code GET /healthz}) needs
 * no such check: it answers as long as the process does.
 *
 * <p>Called on the request thread for every probe, so implementations must be cheap and thread-safe.
 */
@FunctionalInterface
public interface Readiness {

    /** Always ready; for tests and for deployments without startup dependencies. */
    Readiness ALWAYS = () -> true;

    boolean isReady();

    /** Why the platform is not ready, for the problem body of a 503; asked only when {@link #isReady()} is false. */
    default String reason() {
        return "the platform is not ready yet";
    }
}
