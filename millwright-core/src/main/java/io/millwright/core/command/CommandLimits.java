package io.millwright.core.command;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Limits and defaults for commands.
 *
 * @param maxParamsBytes parameters, compact UTF-8 JSON (default 16 KiB: one MQTT message a small device can buffer)
 * @param maxResultBytes a device's result message (default 64 KiB)
 * @param defaultTtl how long a command waits for an offline device unless the request says otherwise (default 1 h)
 * @param maxTtl the longest TTL a request may ask for (default 7 days)
 * @param defaultTimeout how long a sent command waits for its result unless the request says otherwise (default 30 s)
 * @param maxTimeout the longest timeout a request may ask for (default 1 h)
 * @param maxUnfinishedPerDevice commands not yet final per device; more are refused as a quota (default 1,000)
 */
public record CommandLimits(
        int maxParamsBytes,
        int maxResultBytes,
        Duration defaultTtl,
        Duration maxTtl,
        Duration defaultTimeout,
        Duration maxTimeout,
        int maxUnfinishedPerDevice) {

    /**
     * Method names: a letter, then letters, digits, {@code . _ -}, 64 characters at most, so a method can appear in an
     * MQTT topic level or a URL path segment unescaped.
     */
    public static final Pattern METHOD = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,63}");

    public static final CommandLimits DEFAULTS = new CommandLimits(
            16 * 1024,
            64 * 1024,
            Duration.ofHours(1),
            Duration.ofDays(7),
            Duration.ofSeconds(30),
            Duration.ofHours(1),
            1000);

    public CommandLimits {
        Objects.requireNonNull(defaultTtl, "defaultTtl");
        Objects.requireNonNull(maxTtl, "maxTtl");
        Objects.requireNonNull(defaultTimeout, "defaultTimeout");
        Objects.requireNonNull(maxTimeout, "maxTimeout");
        if (maxParamsBytes < 2 || maxResultBytes < 2 || maxUnfinishedPerDevice < 1) {
            throw new IllegalArgumentException("command size and count limits must be positive");
        }
        if (defaultTtl.compareTo(Duration.ofSeconds(1)) < 0 || defaultTtl.compareTo(maxTtl) > 0) {
            throw new IllegalArgumentException("the default TTL must be between 1 s and the maximum TTL");
        }
        if (defaultTimeout.compareTo(Duration.ofSeconds(1)) < 0 || defaultTimeout.compareTo(maxTimeout) > 0) {
            throw new IllegalArgumentException("the default timeout must be between 1 s and the maximum timeout");
        }
    }
}
