package io.millwright.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed, validated access to configuration keys with a fixed precedence: command-line option, then environment
 * variable {@code MILLWRIGHT_<KEY>} (the key upper-cased, '.' and '-' as '_': {@code mqtt.allow-anonymous} is
 * {@code MILLWRIGHT_MQTT_ALLOW_ANONYMOUS}), then the YAML file, then the default.
 *
 * <p>Every read records its key, so that {@link #rejectUnknownKeys()} can refuse a file with a misspelt key instead
 * of silently ignoring it.
 */
public final class ConfigSource {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private final ObjectNode file;
    private final Map<String, String> env;
    private final Map<String, String> overrides;
    private final Set<String> readKeys = new HashSet<>();
    private final Set<String> readPrefixes = new HashSet<>();

    public ConfigSource(ObjectNode file, Map<String, String> env, Map<String, String> overrides) {
        this.file = file;
        this.env = env;
        this.overrides = overrides;
    }

    /** Reads a YAML file; an absent path gives an empty configuration. */
    public static ObjectNode readYaml(Path path) {
        if (path == null) {
            return YAML.createObjectNode();
        }
        if (!Files.isRegularFile(path)) {
            throw new ConfigException("configuration file not found: " + path);
        }
        try {
            JsonNode node = YAML.readTree(path.toFile());
            if (node == null || node.isMissingNode() || node.isNull()) {
                return YAML.createObjectNode();
            }
            if (!node.isObject()) {
                throw new ConfigException("configuration file " + path + " must hold a YAML mapping at the top level");
            }
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + path + ": " + e.getMessage());
        }
    }

    public static String envName(String key) {
        return "MILLWRIGHT_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String string(String key, String defaultValue) {
        String raw = raw(key);
        return raw == null ? defaultValue : raw;
    }

    public int integer(String key, int defaultValue, int min, int max) {
        return parse(
                key,
                defaultValue,
                v -> Integer.parseInt(v.trim()),
                v -> v >= min && v <= max,
                "allowed: an integer from " + min + " to " + max);
    }

    public long longValue(String key, long defaultValue, long min, long max) {
        return parse(
                key,
                defaultValue,
                v -> Long.parseLong(v.trim()),
                v -> v >= min && v <= max,
                "allowed: an integer from " + min + " to " + max);
    }

    public boolean bool(String key, boolean defaultValue) {
        return parse(
                key,
                defaultValue,
                v -> switch (v.trim().toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "on", "1" -> true;
                    case "false", "no", "off", "0" -> false;
                    default -> throw new IllegalArgumentException(v);
                },
                v -> true,
                "allowed: true or false");
    }

    /** A duration such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 12h}, {@code 7d} or ISO-8601 {@code PT5M}. */
    public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        return parse(
                key,
                defaultValue,
                ConfigSource::parseDuration,
                v -> v.compareTo(min) >= 0 && v.compareTo(max) <= 0,
                "allowed: a duration from " + min + " to " + max + " such as 500ms, 30s, 5m, 12h or 7d");
    }

    public <E extends Enum<E>> E enumValue(String key, E defaultValue, Class<E> type) {
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        return parse(
                key,
                defaultValue,
                v -> Enum.valueOf(type, v.trim().toUpperCase(Locale.ROOT).replace('-', '_')),
                v -> true,
                "allowed: one of " + names);
    }

    /** A list: a YAML sequence in the file, or comma-separated in an override or environment variable. */
    public List<String> list(String key, List<String> defaultValue) {
        readKeys.add(key);
        String override = overrideOrEnv(key);
        if (override != null) {
            return override.isBlank() ? List.of() : List.of(override.split("\\s*,\\s*"));
        }
        JsonNode node = node(key);
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        if (!node.isArray()) {
            throw ConfigException.invalid(key, node, "allowed: a list");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isValueNode()) {
                throw ConfigException.invalid(key, element, "allowed: a list of strings");
            }
            values.add(element.asText());
        }
        return List.copyOf(values);
    }

    /**
     * A mapping of names to durations, e.g. {@code telemetry.retention.device-types: {meter: 7d}}. Only the file can
     * hold a mapping; every entry under {@code key} counts as read.
     */
    public Map<String, Duration> durationMap(String key, Duration min, Duration max) {
        readPrefixes.add(key + ".");
        JsonNode node = node(key);
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw ConfigException.invalid(key, node, "allowed: a mapping of names to durations");
        }
        Map<String, Duration> values = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String entryKey = key + "." + entry.getKey();
            String raw = entry.getValue().asText();
            Duration value;
            try {
                value = parseDuration(raw);
            } catch (RuntimeException e) {
                throw ConfigException.invalid(entryKey, raw, "allowed: a duration such as 30d or 12h");
            }
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw ConfigException.invalid(entryKey, raw, "allowed: a duration from " + min + " to " + max);
            }
            values.put(entry.getKey(), value);
        }
        return values;
    }

    /** Fails if the file holds a key that no subsystem read: a typo must not be silently ignored. */
    public void rejectUnknownKeys() {
        Set<String> unknown = new TreeSet<>();
        collectLeaves("", file, unknown);
        unknown.removeIf(k -> readKeys.contains(k) || readPrefixes.stream().anyMatch(k::startsWith));
        if (!unknown.isEmpty()) {
            throw new ConfigException("unknown configuration key(s): " + String.join(", ", unknown)
                    + "; see the configuration section of the README for the keys that exist");
        }
    }

    private <T> T parse(
            String key,
            T defaultValue,
            Function<String, T> parser,
            java.util.function.Predicate<T> valid,
            String allowed) {
        String raw = raw(key);
        if (raw == null) {
            return defaultValue;
        }
        T value;
        try {
            value = parser.apply(raw);
        } catch (RuntimeException e) {
            throw ConfigException.invalid(key, raw, allowed);
        }
        if (!valid.test(value)) {
            throw ConfigException.invalid(key, raw, allowed);
        }
        return value;
    }

    private String raw(String key) {
        readKeys.add(key);
        String override = overrideOrEnv(key);
        if (override != null) {
            return override;
        }
        JsonNode node = node(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw ConfigException.invalid(key, node, "allowed: a single value, not a mapping or a list");
        }
        return node.asText();
    }

    private String overrideOrEnv(String key) {
        String override = overrides.get(key);
        return override != null ? override : env.get(envName(key));
    }

    private JsonNode node(String key) {
        JsonNode node = file;
        for (String part : key.split("\\.")) {
            node = node.get(part);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    private static void collectLeaves(String prefix, JsonNode node, Set<String> out) {
        if (node.isObject() && !node.isEmpty()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                collectLeaves(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), out);
            }
        } else if (!prefix.isEmpty()) {
            out.add(prefix);
        }
    }

    static Duration parseDuration(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(value);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
