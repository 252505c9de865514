package io.millwright.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A size-limited tmpfs mounted on a fresh temporary directory, to make a disk fill up for real: writes beyond the size
 * fail with {@code ENOSPC} as on a full disk. Mounting needs root (or {@code CAP_SYS_ADMIN}); {@link #mount} returns
 * empty, with the reason in {@link #whyNot()}, where it is not possible, so that a test can skip. {@link #fill} takes
 * all but a little of the space with a filler file, {@link #release} deletes it. {@link #close()} unmounts.
 */
public final class SmallFilesystem implements AutoCloseable {

    private static volatile String whyNot = "";

    private final Path dir;
    private final Path filler;

    private SmallFilesystem(Path dir) {
        this.dir = dir;
        this.filler = dir.resolve("filler.bin");
    }

    /** Mounts a tmpfs of {@code megabytes} MiB; empty when this user may not mount (see {@link #whyNot()}). */
    public static Optional<SmallFilesystem> mount(int megabytes) {
        if (!"root".equals(System.getProperty("user.name"))) {
            whyNot = "not running as root";
            return Optional.empty();
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("millwright-small-fs-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String failure = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString()));
        if (failure != null) {
            whyNot = "mount -t tmpfs failed: " + failure;
            dir.toFile().delete();
            return Optional.empty();
        }
        return Optional.of(new SmallFilesystem(dir));
    }

    /** Why the last {@link #mount} returned empty. */
    public static String whyNot() {
        return whyNot;
    }

    /** The mount point. */
    public Path dir() {
        return dir;
    }

    /** Bytes still free for writing. */
    public long freeBytes() {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a filler file until the file system is full, then shrinks it so that about {@code leaveBytes} are free. */
    public void fill(long leaveBytes) {
        ByteBuffer chunk = ByteBuffer.allocate(256 * 1024);
        try (FileChannel out = FileChannel.open(
                filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            while (true) {
                chunk.clear();
                try {
                    out.write(chunk);
                } catch (IOException full) {
                    break;
                }
            }
            out.truncate(Math.max(0, out.size() - leaveBytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the filler file: the space comes back. */
    public void release() {
        try {
            Files.deleteIfExists(filler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Unmounts (lazily, should a process still hold a file) and removes the mount point. */
    @Override
    public void close() {
        String failure = run(List.of("umount", "-l", dir.toString()));
        if (failure != null) {
            throw new IllegalStateException("umount " + dir + " failed: " + failure);
        }
        dir.toFile().delete();
    }

    /** Runs a command; {@code null} when it exited 0, else its output and exit code. */
    private static String run(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "timed out";
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.exitValue() == 0 ? null : "exit " + process.exitValue() + ": " + output;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
