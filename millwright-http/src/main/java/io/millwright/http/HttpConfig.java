package io.millwright.http;

/**
 * Settings of the HTTP API.
 *
 * @param host the interface to bind ({@code http.host}); {@value #DEFAULT_HOST} binds all interfaces
 * @param port the TCP port ({@code http.port}), 0 to 65535; 0 binds an ephemeral port (tests)
 * @param maxRequestBodyBytes the largest request body accepted ({@code http.max-request-body-bytes}); bodies are buffered
 *     in memory before parsing, so this bounds the memory one request can claim. Larger bodies get 413.
 */
public record HttpConfig(String host, int port, long maxRequestBodyBytes) {

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8080;
    /** 1 MiB: far above any registry request, small enough that a flood of large bodies cannot exhaust the heap. */
    public static final long DEFAULT_MAX_REQUEST_BODY_BYTES = 1024 * 1024;
    /** Upper bound of {@link #maxRequestBodyBytes()}: 64 MiB. */
    public static final long MAX_REQUEST_BODY_BYTES_LIMIT = 64L * 1024 * 1024;

    public static final HttpConfig DEFAULTS =
            new HttpConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_REQUEST_BODY_BYTES);

    public HttpConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("http.host must be a host name or IP address to bind, e.g. "
                    + DEFAULT_HOST + " (was '" + host + "')");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("http.port must be 0-65535, 0 for an ephemeral port (was " + port + ")");
        }
        if (maxRequestBodyBytes < 1 || maxRequestBodyBytes > MAX_REQUEST_BODY_BYTES_LIMIT) {
            throw new IllegalArgumentException("http.max-request-body-bytes must be 1-" + MAX_REQUEST_BODY_BYTES_LIMIT
                    + " (was " + maxRequestBodyBytes + ")");
        }
    }

    /** These settings with another port. */
    public HttpConfig withPort(int newPort) {
        return new HttpConfig(host, newPort, maxRequestBodyBytes);
    }
}
