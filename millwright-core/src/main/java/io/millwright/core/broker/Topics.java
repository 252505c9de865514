package io.millwright.core.broker;

/**
 * MQTT topic names and topic filters as defined in MQTT 5.0 section 4.7, shared by the broker and the authorisation
 * policy. Pure functions, no state.
 */
public final class Topics {

    private Topics() {}

    /**
     * The levels of a topic name or filter, split at every {@code /} (section 4.7.1.1): {@code "a//b/"} has the four
     * levels {@code a}, empty, {@code b}, empty. The same as {@code split("/", -1)}, without its regex and list.
     */
    public static String[] levels(String topic) {
        String[] levels = new String[levelCount(topic)];
        int start = 0;
        for (int i = 0; i < levels.length - 1; i++) {
            int slash = topic.indexOf('/', start);
            levels[i] = topic.substring(start, slash);
            start = slash + 1;
        }
        levels[levels.length - 1] = topic.substring(start);
        return levels;
    }

    /** The number of levels of a topic name or filter: one more than its {@code /} separators. */
    public static int levelCount(String topic) {
        int count = 1;
        for (int i = topic.indexOf('/'); i >= 0; i = topic.indexOf('/', i + 1)) {
            count++;
        }
        return count;
    }

    /**
     * A topic name is at least one character, contains no wildcard and no NUL [MQTT-4.7.3-1], [MQTT-3.3.2-2],
     * [MQTT-4.7.3-2].
     */
    public static boolean isValidTopicName(String topic) {
        if (topic == null || topic.isEmpty()) {
            return false;
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (c == '+' || c == '#' || c == '\0') {
                return false;
            }
        }
        return true;
    }

    /**
     * A topic filter is non-empty; {@code #} is alone in the last level [MQTT-4.7.1-1]; {@code +} is alone in its level
     * [MQTT-4.7.1-2]; no NUL [MQTT-4.7.3-2].
     */
    public static boolean isValidFilter(String filter) {
        if (filter == null || filter.isEmpty()) {
            return false;
        }
        String[] levels = levels(filter);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                return false;
            }
            if ((level.contains("+") && !level.equals("+")) || level.indexOf('\0') >= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code filter} matches {@code topic}. A filter starting with a wildcard does not match a topic starting
     * with {@code $} [MQTT-4.7.2-1]; {@code a/#} also matches {@code a} (section 4.7.1.2).
     */
    public static boolean matches(String filter, String topic) {
        if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
            return false;
        }
        String[] f = levels(filter);
        String[] t = levels(topic);
        int i = 0;
        for (; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return i == t.length;
    }

    /**
     * Whether every topic matched by {@code inner} is also matched by {@code outer}: the question an authorisation
     * grant asks of a requested subscription. {@code devices/a/#} covers {@code devices/a/+/temp} and {@code
     * devices/a}, but {@code devices/+/temp} does not cover {@code devices/#}.
     */
    public static boolean covers(String outer, String inner) {
        String[] o = levels(outer);
        String[] n = levels(inner);
        for (int i = 0; i < o.length; i++) {
            if (o[i].equals("#")) {
                return true;
            }
            if (i >= n.length) {
                return false;
            }
            if (n[i].equals("#")) {
                return false;
            }
            if (o[i].equals("+")) {
                continue;
            }
            if (n[i].equals("+") || !o[i].equals(n[i])) {
                return false;
            }
        }
        return o.length == n.length;
    }
}
