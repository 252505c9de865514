package io.millwright.simulator;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Everything the simulator prints. On a terminal the progress line is rewritten in place every second; otherwise (a
 * pipe, CI, a test) it is printed as a new line every ten seconds.
 */
public final class Console {

    private static final long NON_INTERACTIVE_EVERY_NANOS =
            Duration.ofSeconds(10).toNanos();

    private final PrintStream out;
    private final PrintStream err;
    private final boolean interactive;
    private int progressWidth;
    private long lastProgressNanos = Long.MIN_VALUE;

    public Console(PrintStream out, PrintStream err, boolean interactive) {
        this.out = out;
        this.err = err;
        this.interactive = interactive;
    }

    /** Standard output and error, rewriting the progress line when attached to a terminal. */
    public static Console system() {
        return new Console(System.out, System.err, System.console() != null);
    }

    /** A line of output. */
    public synchronized void line(String text) {
        endProgress();
        out.println(text);
        out.flush();
    }

    /** A setup failure or warning, on standard error. */
    public synchronized void error(String text) {
        endProgress();
        err.println(text);
        err.flush();
    }

    /** The live status. */
    public synchronized void progress(String text) {
        if (interactive) {
            StringBuilder line = new StringBuilder("\r").append(text);
            for (int i = text.length(); i < progressWidth; i++) {
                line.append(' ');
            }
            progressWidth = text.length();
            out.print(line);
            out.flush();
            return;
        }
        long now = System.nanoTime();
        if (lastProgressNanos == Long.MIN_VALUE || now - lastProgressNanos >= NON_INTERACTIVE_EVERY_NANOS) {
            lastProgressNanos = now;
            out.println(text);
            out.flush();
        }
    }

    private void endProgress() {
        if (interactive && progressWidth > 0) {
            out.println();
            progressWidth = 0;
        }
    }
}
