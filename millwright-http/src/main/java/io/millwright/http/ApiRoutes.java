package io.millwright.http;

import io.javalin.config.RoutesConfig;

/**
 * A group of REST routes (devices, auth, later telemetry, twins, commands). Groups are handed to {@link HttpApi},
 * which registers them once at construction, so a new group needs no change to {@code HttpApi}.
 *
 * <p>Contract for implementations: handlers authenticate with {@link RequestSupport#user}, read bodies only through
 * {@link RequestSupport} (size limit, strict JSON), and report failures by throwing a {@link
 * io.millwright.core.error.DomainException}; {@link HttpApi} turns every exception into an RFC 9457 problem. Every
 * route must also be described in {@code openapi.json}: a test fails otherwise.
 */
@FunctionalInterface
public interface ApiRoutes {

    /** Adds this group's routes. Called once, while Javalin is being configured. */
    void register(RoutesConfig routes, RequestSupport support);
}
