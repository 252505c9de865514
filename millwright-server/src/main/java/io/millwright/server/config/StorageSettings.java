package io.millwright.server.config;

import java.util.Objects;

/**
 * Storage settings.
 *
 * @param synchronous SQLite durability: {@code FULL} (every acknowledged write survives power loss) or {@code NORMAL}
 *     (survives a process crash)
 */
public record StorageSettings(String synchronous) {

    public StorageSettings {
        Objects.requireNonNull(synchronous, "synchronous");
    }

    static StorageSettings from(ConfigSource source) {
        String synchronous = source.string("storage.sqlite.synchronous", "FULL");
        if (!synchronous.equalsIgnoreCase("FULL") && !synchronous.equalsIgnoreCase("NORMAL")) {
            throw ConfigException.invalid("storage.sqlite.synchronous", synchronous, "allowed: FULL or NORMAL");
        }
        return new StorageSettings(synchronous);
    }
}
