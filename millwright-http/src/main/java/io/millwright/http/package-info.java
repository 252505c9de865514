/**
 * The REST API: {@link io.millwright.http.HttpApi} on Javalin 7.
 *
 * <p>Conventions every route group follows:
 *
 * <ul>
 *   <li>Paths live under {@code /api/v1}; operational routes ({@code /healthz}, {@code /readyz}, {@code /metrics}) at
 *       the root. Each route is described in {@code openapi.json} beside these classes, and a test checks that the
 *       document and the router agree.
 *   <li>Callers authenticate with {@code Authorization: Bearer <token>}; a missing or invalid token is 401 with a
 *       {@code WWW-Authenticate: Bearer} challenge (RFC 6750).
 *   <li>Bodies are JSON, read through a size limit (413) and parsed strictly: unknown fields, duplicate keys and type
 *       coercions are 400 naming the field.
 *   <li>Errors are {@code application/problem+json} (RFC 9457); domain exceptions map to statuses in {@link
 *       io.millwright.http.Problems}.
 *   <li>Listings answer {@code {"items": [...], "next": cursor-or-null}}.
 * </ul>
 */
package io.millwright.http;
