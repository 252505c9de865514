package io.millwright.device;

/** Why a connection attempt failed, as far as it matters for what to do next. */
final class ConnectFailure extends Exception {

    private static final long serialVersionUID = 1L;

    enum Kind {
        /** No TCP (or TLS) connection, or no CONNACK in time: retry later, same protocol. */
        UNREACHABLE,
        /** The server refused the name or token (MQTT 5 0x86/0x87/0x8C, MQTT 3.1.1 return code 4/5): stop. */
        CREDENTIALS_REFUSED,
        /**
         * The server refused the protocol version (MQTT 5 0x84, MQTT 3.1.1 return code 1) or closed the connection in
         * answer to CONNECT: an MQTT 5 attempt falls back to MQTT 3.1.1.
         */
        PROTOCOL_REFUSED,
        /** Any other refusal (server unavailable, busy, ...): retry later. */
        REFUSED
    }

    private final Kind kind;
    private final int reasonCode;

    ConnectFailure(Kind kind, int reasonCode, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.reasonCode = reasonCode;
    }

    Kind kind() {
        return kind;
    }

    int reasonCode() {
        return reasonCode;
    }
}
