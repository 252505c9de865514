package io.millwright.core.device;

import io.millwright.core.error.InvalidInputException;
import java.util.Locale;
import java.util.Objects;

/**
 * Extra MQTT access for a device beyond its own {@code devices/{name}/#} subtree: the machine-to-machine case of one
 * machine listening to, or writing to, another. {@code filter} is an MQTT topic filter (wildcards allowed) in the
 * device's tenant.
 */
public record TopicGrant(Action action, String filter) {

    /** What the grant allows on topics matching the filter. */
    public enum Action {
        PUBLISH,
        SUBSCRIBE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public TopicGrant {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(filter, "filter");
        validateFilter(filter);
    }

    /** Checks the MQTT topic-filter syntax of [MQTT-4.7.1]: '#' only last and alone, '+' alone in its level. */
    static void validateFilter(String filter) {
        if (filter.isEmpty() || filter.length() > 1024 || filter.startsWith("$")) {
            throw new InvalidInputException(
                    "grants.filter", "grant filter must be 1-1024 characters and must not start with '$'");
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            boolean badHash = level.contains("#") && (!level.equals("#") || i != levels.length - 1);
            boolean badPlus = level.contains("+") && !level.equals("+");
            if (badHash || badPlus || level.indexOf('\0') >= 0) {
                throw new InvalidInputException("grants.filter", "invalid MQTT topic filter '" + filter + "'");
            }
        }
    }
}
