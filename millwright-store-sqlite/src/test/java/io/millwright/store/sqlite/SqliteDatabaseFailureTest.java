package io.millwright.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write that fails because the database is full ({@code SQLITE_FULL}, here from {@code max_page_count}, which SQLite
 * answers like a full disk, rolling the transaction back by itself) leaves the database taking whole transactions
 * again.
 */
class SqliteDatabaseFailureTest {

    @TempDir
    Path dir;

    private SqliteDatabase db;

    @BeforeEach
    void open() {
        db = SqliteDatabase.open(SqliteConfig.defaults(dir.resolve("full.db")));
        db.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE filler (n INTEGER, data BLOB)");
            }
            return null;
        });
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void after_a_full_database_the_next_write_is_one_whole_transaction_again() {
        assertThatThrownBy(() -> db.write(c -> {
                    try (Statement s = c.createStatement()) {
                        long pages;
                        try (ResultSet rs = s.executeQuery("PRAGMA page_count")) {
                            pages = rs.getLong(1);
                        }
                        s.execute("PRAGMA max_page_count = " + (pages + 2));
                        s.execute("INSERT INTO filler VALUES (0, zeroblob(1000000))");
                    }
                    return null;
                }))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("the disk is full");

        assertThatThrownBy(() -> db.write(c -> {
                    try (Statement s = c.createStatement()) {
                        s.execute("INSERT INTO filler VALUES (1, zeroblob(10))");
                        s.execute("INSERT INTO no_such_table VALUES (1)");
                    }
                    return null;
                }))
                .isInstanceOf(StorageException.class);
        db.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO filler VALUES (2, zeroblob(10))");
            }
            return null;
        });

        String stored = db.read(c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT group_concat(n) FROM filler")) {
                return rs.getString(1);
            }
        });
        assertThat(stored)
                .as("only the last write: the failed ones left nothing behind")
                .isEqualTo("2");
    }
}
