package io.millwright.store.sqlite;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Embedded SQLite settings.
 *
 * @param file the database file; its directory is created if missing
 * @param synchronous {@code FULL} (default) makes every commit survive power loss; {@code NORMAL} survives a crash of
 *     the process but may lose the last commits on power loss
 * @param readConnections size of the read-connection pool (WAL readers never block the writer)
 * @param cacheSizeKib page cache per connection
 */
public record SqliteConfig(Path file, String synchronous, int readConnections, int cacheSizeKib) {

    public SqliteConfig {
        Objects.requireNonNull(file, "file");
        synchronous = synchronous.toUpperCase(Locale.ROOT);
        if (!synchronous.equals("FULL") && !synchronous.equals("NORMAL")) {
            throw new IllegalArgumentException(
                    "storage.sqlite.synchronous must be FULL or NORMAL (was " + synchronous + ")");
        }
        if (readConnections < 1 || readConnections > 64) {
            throw new IllegalArgumentException(
                    "storage.sqlite.read-connections must be 1-64 (was " + readConnections + ")");
        }
        if (cacheSizeKib < 1024) {
            throw new IllegalArgumentException(
                    "storage.sqlite.cache-size-kib must be at least 1024 (was " + cacheSizeKib + ")");
        }
    }

    public static SqliteConfig defaults(Path file) {
        return new SqliteConfig(file, "FULL", 4, 64 * 1024);
    }
}
