package io.millwright.server.config;

/** A configuration value is invalid. The message names the key, the value and what is allowed. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message, null, false, false);
    }

    public static ConfigException invalid(String key, Object value, String allowed) {
        return new ConfigException("invalid configuration: " + key + " = '" + value + "'; " + allowed);
    }
}
