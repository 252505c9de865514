package io.millwright.device;

/**
 * Why a future returned by {@link MillwrightDevice} failed. {@link #reason()} tells what happened; {@link #reasonCode()}
 * is the MQTT reason code when the server gave one (MQTT 5 PUBACK or CONNACK), otherwise {@code -1}.
 */
public final class DeviceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Reason {
        /** The device was closed before the operation completed. */
        CLOSED,
        /** The telemetry message was evicted from the full offline buffer (drop-oldest policy) before it was sent. */
        DROPPED,
        /** The server refused the message with a negative acknowledgement; it will not be resent. */
        REFUSED,
        /** The server refused the device's name or token; the device stops connecting. */
        CREDENTIALS_REFUSED
    }

    private final Reason reason;
    private final int reasonCode;

    public DeviceException(Reason reason, String message, int reasonCode) {
        super(message);
        this.reason = reason;
        this.reasonCode = reasonCode;
    }

    public DeviceException(Reason reason, String message) {
        this(reason, message, -1);
    }

    public Reason reason() {
        return reason;
    }

    public int reasonCode() {
        return reasonCode;
    }
}
