package io.millwright.store.sqlite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded database: one file in WAL mode, migrated by Flyway on open.
 *
 * <p>Concurrency model: SQLite allows one writer at a time, so all writes go through the single writer connection
 * under {@link #writeLock}, each {@link #write} call being one transaction that is committed (and, with
 * {@code synchronous=FULL}, fsynced) before it returns. Reads use a fixed pool of connections and see the last
 * committed state; in WAL mode they never wait for the writer.
 *
 * <p>Failures: a write that fails is rolled back and throws {@link StorageException} (for a full disk: "the disk is
 * full"); the next write starts afresh, so the database takes writes again as soon as the cause is gone (space freed).
 * SQLite rolls some failed transactions back by itself ({@code SQLITE_FULL}, {@code SQLITE_IOERR}); the driver's own
 * rollback then fails and it opens no next transaction, which would leave every later write committing statement by
 * statement and failing at COMMIT for good. The writer connection is therefore replaced whenever a rollback fails.
 */
public final class SqliteDatabase implements AutoCloseable {

    private final SqliteConfig config;
    /** Guarded by {@link #writeLock}; {@code null} after a failed rollback until the next write opens a new one. */
    private Connection writer;

    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile String writeFailure;
    private final BlockingQueue<Connection> readers;
    private final List<Connection> allReaders = new ArrayList<>();
    private volatile boolean closed;

    private SqliteDatabase(SqliteConfig config) throws SQLException {
        this.config = config;
        Connection first = dataSource(false).getConnection();
        enableIncrementalVacuumIfNew(first);
        first.setAutoCommit(false);
        this.writer = first;
        this.readers = new ArrayBlockingQueue<>(config.readConnections());
        for (int i = 0; i < config.readConnections(); i++) {
            Connection reader = dataSource(true).getConnection();
            allReaders.add(reader);
            readers.add(reader);
        }
    }

    /**
     * Incremental auto-vacuum lets retention give pages back to the file system without a full VACUUM; SQLite accepts
     * the mode only before the first table is created, so it is set on a new, empty file.
     */
    private static void enableIncrementalVacuumIfNew(Connection connection) throws SQLException {
        try (var statement = connection.createStatement()) {
            boolean empty;
            try (var tables = statement.executeQuery("SELECT count(*) FROM sqlite_master")) {
                empty = tables.next() && tables.getLong(1) == 0;
            }
            if (empty) {
                statement.execute("PRAGMA auto_vacuum = INCREMENTAL");
                statement.execute("VACUUM");
            }
        }
    }

    /** Opens (creating if needed) and migrates the database. */
    public static SqliteDatabase open(SqliteConfig config) {
        try {
            Files.createDirectories(config.file().toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory for " + config.file(), e);
        }
        SqliteDatabase database;
        try {
            database = new SqliteDatabase(config);
        } catch (SQLException e) {
            throw new StorageException("cannot open " + config.file(), e);
        }
        try {
            Flyway.configure()
                    .dataSource(database.dataSource(false))
                    .locations("classpath:db/sqlite")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    /** Runs {@code work} in one write transaction and commits it; rolls back if it throws. */
    public <T> T write(SqlWork<T> work) {
        writeLock.lock();
        try {
            checkOpen();
            Connection connection = writer();
            try {
                T result = work.apply(connection);
                connection.commit();
                writeFailure = null;
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackOrReplace(e);
                RuntimeException failure =
                        e instanceof SQLException sql ? StorageException.translate(sql) : (RuntimeException) e;
                if (failure instanceof StorageException) {
                    writeFailure = failure.getMessage();
                }
                throw failure;
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Why the most recent write transaction failed, when it failed for a reason of the store's own (disk full, I/O
     * error, corruption) rather than of the caller's (a unique constraint, an exception of the work); empty once a
     * write commits again. Any thread; for readiness probes.
     */
    public Optional<String> writeFailure() {
        return Optional.ofNullable(writeFailure);
    }

    /** Runs {@code work} on a pooled read connection. */
    public <T> T read(SqlWork<T> work) {
        checkOpen();
        Connection reader;
        try {
            reader = readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for a read connection", e);
        }
        try {
            return work.apply(reader);
        } catch (SQLException e) {
            throw StorageException.translate(e);
        } finally {
            readers.add(reader);
        }
    }

    /** The database file, for diagnostics and size reports. */
    public java.nio.file.Path file() {
        return config.file();
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (writer != null) {
                closeQuietly(writer);
            }
            allReaders.forEach(SqliteDatabase::closeQuietly);
        } finally {
            writeLock.unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new StorageException("the database is closed", null);
        }
    }

    private SQLiteDataSource dataSource(boolean readOnly) {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(config.synchronous()));
        sqlite.setBusyTimeout(10_000);
        sqlite.enforceForeignKeys(true);
        sqlite.setCacheSize(-config.cacheSizeKib());
        sqlite.setTempStore(SQLiteConfig.TempStore.MEMORY);
        if (readOnly) {
            sqlite.setReadOnly(true);
        }
        SQLiteDataSource source = new SQLiteDataSource(sqlite);
        source.setUrl("jdbc:sqlite:" + config.file().toAbsolutePath());
        return source;
    }

    /** The writer connection, opened anew after a failed rollback. Holds the write lock. */
    private Connection writer() {
        if (writer == null) {
            try {
                Connection fresh = dataSource(false).getConnection();
                fresh.setAutoCommit(false);
                writer = fresh;
            } catch (SQLException e) {
                throw new StorageException("cannot reopen " + config.file() + " for writing: " + e.getMessage(), e);
            }
        }
        return writer;
    }

    /** Rolls the failed transaction back; replaces the connection if that fails (see the class description). */
    private void rollbackOrReplace(Exception cause) {
        try {
            writer.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
            closeQuietly(writer);
            writer = null;
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing at shutdown: nothing left to do with the error
        }
    }
}
