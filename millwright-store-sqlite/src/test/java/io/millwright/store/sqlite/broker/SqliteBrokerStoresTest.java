package io.millwright.store.sqlite.broker;

import io.millwright.core.broker.RetainedMessageStore;
import io.millwright.core.broker.RetainedMessageStoreContract;
import io.millwright.core.broker.SessionStore;
import io.millwright.core.broker.SessionStoreContract;
import io.millwright.store.sqlite.SqliteConfig;
import io.millwright.store.sqlite.SqliteDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;

/** The broker store contracts against SQLite. */
class SqliteBrokerStoresTest {

    private static final List<SqliteDatabase> OPENED = new ArrayList<>();

    static synchronized SqliteDatabase freshDatabase() {
        try {
            Path dir = Files.createTempDirectory("mqtt-store-");
            SqliteDatabase db = SqliteDatabase.open(SqliteConfig.defaults(dir.resolve("test.db")));
            OPENED.add(db);
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static synchronized void closeAll() {
        OPENED.forEach(SqliteDatabase::close);
    }

    @Nested
    class Sessions extends SessionStoreContract {
        @Override
        protected SessionStore newStore() {
            return new SqliteSessionStore(freshDatabase());
        }
    }

    @Nested
    class Retained extends RetainedMessageStoreContract {
        @Override
        protected RetainedMessageStore newStore() {
            return new SqliteRetainedMessageStore(freshDatabase());
        }
    }
}
