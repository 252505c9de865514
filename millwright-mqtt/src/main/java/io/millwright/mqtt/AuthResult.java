package io.millwright.mqtt;

import io.millwright.core.auth.Principal;
import io.millwright.core.device.TopicGrant;
import java.util.List;
import java.util.Objects;

/** The answer of a {@link ClientAuthenticator}. */
public sealed interface AuthResult permits AuthResult.Success, AuthResult.Failure {

    /**
     * The client is who it claims to be.
     *
     * @param grants extra topic access of a device (see {@code TopicAccess}); empty for users. The broker evaluates
     *     them for the whole connection: when they change, disconnect the client ({@code MqttBroker#disconnect}) so it
     *     reconnects with the new ones
     */
    record Success(Principal principal, List<TopicGrant> grants) implements AuthResult {
        public Success {
            Objects.requireNonNull(principal, "principal");
            grants = List.copyOf(grants);
        }

        public Success(Principal principal) {
            this(principal, List.of());
        }
    }

    /**
     * The client is refused; the broker answers CONNACK with the reason's code and closes the connection.
     *
     * @param message logged by the broker, never sent to the client
     */
    record Failure(Reason reason, String message) implements AuthResult {
        public Failure {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Why a client is refused, with its CONNACK codes for MQTT 5 and MQTT 3.1.1 (section 3.2.2.2). */
    enum Reason {
        /** Unknown user or device, or wrong password or token: 0x86 / 4. */
        BAD_USERNAME_OR_PASSWORD(0x86, 4),
        /** Known but not allowed to connect (e.g. disabled account): 0x87 / 5. */
        NOT_AUTHORIZED(0x87, 5),
        /** The credential store is unreachable; the client should retry later: 0x88 / 3. */
        SERVER_UNAVAILABLE(0x88, 3),
        /** Banned client: 0x8A / 5. */
        BANNED(0x8A, 5);

        private final int v5Code;
        private final int v3Code;

        Reason(int v5Code, int v3Code) {
            this.v5Code = v5Code;
            this.v3Code = v3Code;
        }

        public int v5Code() {
            return v5Code;
        }

        public int v3Code() {
            return v3Code;
        }
    }

    static AuthResult success(Principal principal) {
        return new Success(principal);
    }

    static AuthResult badCredentials(String message) {
        return new Failure(Reason.BAD_USERNAME_OR_PASSWORD, message);
    }
}
