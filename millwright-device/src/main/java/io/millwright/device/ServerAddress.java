package io.millwright.device;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where the device connects: {@code mqtt://host[:1883]} (plain TCP) or {@code mqtts://host[:8883]} (TLS with the JVM's
 * default trust store unless a socket factory is configured). {@code tcp://} and {@code ssl://} are accepted as the
 * Paho spellings of the same.
 */
record ServerAddress(String host, int port, boolean tls) {

    ServerAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("server host is missing");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("server port must be 1-65535 (was " + port + ")");
        }
    }

    /**
     * Parses a server address.
     *
     * @throws IllegalArgumentException naming the address and the accepted forms
     */
    static ServerAddress parse(String address) {
        if (address == null) {
            throw new IllegalArgumentException("server address is missing (mqtt://host:1883 or mqtts://host:8883)");
        }
        URI uri;
        try {
            uri = new URI(address.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid server address '" + address + "': " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = switch (scheme) {
            case "mqtt", "tcp" -> false;
            case "mqtts", "ssl" -> true;
            default ->
                throw new IllegalArgumentException(
                        "invalid server address '" + address + "': use mqtt://host:1883 or mqtts://host:8883");
        };
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("invalid server address '" + address + "': the host is missing");
        }
        int port = uri.getPort() == -1 ? (tls ? 8883 : 1883) : uri.getPort();
        return new ServerAddress(uri.getHost(), port, tls);
    }

    /** The address as Paho spells it. */
    String pahoUri() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return (tls ? "ssl://" : "tcp://") + h + ":" + port;
    }

    @Override
    public String toString() {
        return (tls ? "mqtts://" : "mqtt://") + host + ":" + port;
    }
}
