package io.millwright.core.error;

/**
 * A configured limit (size, count, rate) was exceeded. {@link #kind()} tells a transport whether to answer "too large"
 * (HTTP 413, MQTT 0x95) or "quota" (HTTP 429, MQTT 0x97).
 */
public final class LimitExceededException extends DomainException {

    /** Which kind of limit was hit. */
    public enum Kind {
        SIZE,
        QUOTA
    }

    private final Kind kind;

    public LimitExceededException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
