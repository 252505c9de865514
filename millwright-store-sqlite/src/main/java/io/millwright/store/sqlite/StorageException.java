package io.millwright.store.sqlite;

import io.millwright.core.error.ConflictException;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** The store failed for a reason that is not the caller's fault (I/O, disk full, corruption, shutdown). */
public final class StorageException extends RuntimeException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Maps SQLite errors to domain exceptions where the caller is at fault (unique constraints). */
    static RuntimeException translate(SQLException e) {
        if (e instanceof SQLiteException sqlite) {
            SQLiteErrorCode code = sqlite.getResultCode();
            if (code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                    || code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY) {
                return new ConflictException("already exists: " + e.getMessage());
            }
            if (code == SQLiteErrorCode.SQLITE_FULL) {
                return new StorageException("the disk is full: " + e.getMessage(), e);
            }
        }
        return new StorageException("storage failure: " + e.getMessage(), e);
    }
}
