package io.millwright.device;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TelemetryBuffer} that survives a restart of the device: the content is held in memory and every change is
 * appended to a journal file, {@value #JOURNAL} in the buffer directory, which is replayed on open.
 *
 * <p><b>Format.</b> A sequence of records {@code type:u8 seq:i64 length:i32 payload crc32:i32} (big-endian; the CRC
 * covers everything before it). {@code type} 1 adds a message, 2 removes one (acknowledged, refused or evicted). A
 * torn record at the end (the process died while writing) fails its CRC and is cut off on open. When the journal is
 * more than four times the size of what it still holds (and at least {@code compactMinBytes}), it is rewritten with the
 * live messages only, to a temporary file that atomically replaces it.
 *
 * <p><b>Durability.</b> Records are written to the operating system at once, so they survive the process dying; they
 * are forced to the disk on {@link #close()} and on compaction only, so a power loss may lose the last ones.
 *
 * <p><b>Ownership.</b> One device per directory: a lock file ({@value #LOCK}) keeps a second buffer, in this or
 * another process, from opening it. If the journal cannot be written (disk full), the error is logged once and the
 * buffer goes on in memory.
 */
final class FileTelemetryBuffer implements TelemetryBuffer {

    static final String JOURNAL = "telemetry.journal";
    static final String LOCK = "telemetry.lock";
    static final long DEFAULT_COMPACT_MIN_BYTES = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(FileTelemetryBuffer.class);
    private static final byte ADD = 1;
    private static final byte REMOVE = 2;
    private static final int OVERHEAD = 1 + 8 + 4 + 4;

    private final Path directory;
    private final MemoryTelemetryBuffer memory;
    private final long compactMinBytes;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private FileChannel journal;
    private long journalBytes;
    private boolean failed;

    private FileTelemetryBuffer(
            Path directory, int capacity, long compactMinBytes, FileChannel lockChannel, FileLock lock) {
        this.directory = directory;
        this.memory = new MemoryTelemetryBuffer(capacity);
        this.compactMinBytes = compactMinBytes;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens (or creates) the buffer in a directory and replays its journal.
     *
     * @throws IllegalStateException when another buffer holds the directory
     * @throws UncheckedIOException when the directory or the journal cannot be read
     */
    static FileTelemetryBuffer open(Path directory, int capacity) {
        return open(directory, capacity, DEFAULT_COMPACT_MIN_BYTES);
    }

    static FileTelemetryBuffer open(Path directory, int capacity, long compactMinBytes) {
        FileChannel lockChannel = null;
        try {
            Files.createDirectories(directory);
            lockChannel =
                    FileChannel.open(directory.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(lockChannel, directory);
            FileTelemetryBuffer buffer =
                    new FileTelemetryBuffer(directory, capacity, compactMinBytes, lockChannel, lock);
            buffer.replay();
            return buffer;
        } catch (IOException e) {
            closeQuietly(lockChannel);
            throw new UncheckedIOException("cannot open the telemetry buffer in " + directory, e);
        } catch (RuntimeException e) {
            closeQuietly(lockChannel);
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel channel, Path directory) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new IllegalStateException("the telemetry buffer in " + directory + " is used by another device");
        }
        return lock;
    }

    private void replay() throws IOException {
        Path file = directory.resolve(JOURNAL);
        long valid = 0;
        if (Files.exists(file)) {
            try (InputStream raw = Files.newInputStream(file);
                    DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
                while (true) {
                    long length = readRecord(in);
                    if (length < 0) {
                        break;
                    }
                    valid += length;
                }
            }
        }
        journal = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (journal.size() > valid) {
            LOG.warn("telemetry buffer {}: cutting a torn record at byte {}", file, valid);
            journal.truncate(valid);
        }
        journal.position(valid);
        journalBytes = valid;
    }

    /** Applies one record; returns its length, or -1 at the end or at a torn or corrupt record. */
    private long readRecord(DataInputStream in) throws IOException {
        try {
            byte type = in.readByte();
            long seq = in.readLong();
            int length = in.readInt();
            if ((type != ADD && type != REMOVE) || length < 0 || length > (64 << 20)) {
                return -1;
            }
            byte[] payload = in.readNBytes(length);
            if (payload.length < length) {
                return -1;
            }
            int crc = in.readInt();
            if (crc != crc(type, seq, payload)) {
                return -1;
            }
            if (type == ADD) {
                if (seq < memory.nextSeq()) {
                    return -1;
                }
                memory.restore(seq, payload);
            } else {
                memory.remove(seq);
            }
            return OVERHEAD + (long) length;
        } catch (EOFException e) {
            return -1;
        }
    }

    @Override
    public synchronized long append(byte[] payload) {
        long seq = memory.nextSeq();
        long evictedSeq = memory.restore(seq, payload);
        ByteBuffer records = ByteBuffer.allocate((evictedSeq >= 0 ? OVERHEAD : 0) + OVERHEAD + payload.length);
        if (evictedSeq >= 0) {
            put(records, REMOVE, evictedSeq, new byte[0]);
        }
        put(records, ADD, seq, payload);
        write(records.flip());
        return seq;
    }

    @Override
    public synchronized boolean remove(long seq) {
        if (!memory.remove(seq)) {
            return false;
        }
        ByteBuffer record = ByteBuffer.allocate(OVERHEAD);
        put(record, REMOVE, seq, new byte[0]);
        write(record.flip());
        long live = memory.payloadBytes() + (long) memory.size() * OVERHEAD;
        if (!failed && journalBytes >= compactMinBytes && journalBytes > 4 * live) {
            compact();
        }
        return true;
    }

    @Override
    public synchronized List<Entry> after(long after, int max) {
        return memory.after(after, max);
    }

    @Override
    public synchronized long firstSeq() {
        return memory.firstSeq();
    }

    @Override
    public synchronized int size() {
        return memory.size();
    }

    @Override
    public synchronized long evicted() {
        return memory.evicted();
    }

    /** The journal's current length in bytes. */
    synchronized long journalBytes() {
        return journalBytes;
    }

    private void compact() {
        Path file = directory.resolve(JOURNAL);
        Path tmp = directory.resolve(JOURNAL + ".tmp");
        try {
            List<Entry> live = memory.snapshot();
            long bytes = 0;
            try (FileChannel out = FileChannel.open(
                    tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                for (Entry entry : live) {
                    ByteBuffer record = ByteBuffer.allocate(OVERHEAD + entry.payload().length);
                    put(record, ADD, entry.seq(), entry.payload());
                    record.flip();
                    while (record.hasRemaining()) {
                        bytes += out.write(record);
                    }
                }
                out.force(true);
            }
            journal.close();
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            journal = FileChannel.open(file, StandardOpenOption.WRITE);
            journal.position(bytes);
            journalBytes = bytes;
        } catch (IOException e) {
            fail(e);
        }
    }

    private void write(ByteBuffer records) {
        if (failed) {
            return;
        }
        try {
            while (records.hasRemaining()) {
                journalBytes += journal.write(records);
            }
        } catch (IOException e) {
            fail(e);
        }
    }

    private void fail(IOException e) {
        failed = true;
        LOG.error(
                "telemetry buffer {}: the journal cannot be written; buffering in memory only from now on",
                directory,
                e);
    }

    private static void put(ByteBuffer buffer, byte type, long seq, byte[] payload) {
        buffer.put(type).putLong(seq).putInt(payload.length).put(payload).putInt(crc(type, seq, payload));
    }

    private static int crc(byte type, long seq, byte[] payload) {
        CRC32 crc = new CRC32();
        ByteBuffer header = ByteBuffer.allocate(13).put(type).putLong(seq).putInt(payload.length);
        crc.update(header.flip());
        crc.update(payload);
        return (int) crc.getValue();
    }

    @Override
    public synchronized void close() {
        try {
            if (journal != null && journal.isOpen()) {
                if (!failed) {
                    journal.force(true);
                }
                journal.close();
            }
        } catch (IOException e) {
            LOG.warn("telemetry buffer {}: closing the journal failed", directory, e);
        } finally {
            try {
                lock.release();
            } catch (IOException e) {
                LOG.debug("releasing the buffer lock failed", e);
            }
            closeQuietly(lockChannel);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing {} failed", channel, e);
            }
        }
    }
}
