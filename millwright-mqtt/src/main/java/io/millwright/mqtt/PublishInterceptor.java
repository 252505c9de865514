package io.millwright.mqtt;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Lets the platform take PUBLISHes it owns (telemetry, twin reports, command replies) before they are routed.
 *
 * <p><b>Contract.</b>
 *
 * <ul>
 *   <li>The broker calls {@link #intercept} for every PUBLISH that passed authorisation, after QoS 2 duplicate
 *       detection, on the publishing session's event loop: it must not block. Return {@link Optional#empty()} for
 *       "not mine": the broker routes the message to subscribers as usual and acknowledges it at once.
 *   <li>Otherwise return a stage; the broker sends PUBACK (QoS 1) or PUBREC (QoS 2) only when it completes, with the
 *       outcome's reason code (MQTT 5). This is how telemetry is acknowledged only once durable. Acknowledgements and
 *       routing still happen in the order the PUBLISHes arrived [MQTT-4.6.0-2].
 *   <li>A stage completed exceptionally counts as 0x80 Unspecified error on MQTT 5; on MQTT 3.1.1, which has no
 *       negative acknowledgement, the broker closes the connection without acknowledging so the client resends. A
 *       failure outcome on MQTT 3.1.1 is acknowledged normally and the message dropped.
 *   <li>Backpressure: while a connection has more than {@code receiveMaximum} PUBLISHes unacknowledged (stages
 *       pending, or commits awaited), the broker stops reading from it ({@code autoRead=false}) and resumes when half
 *       of them have completed. An interceptor that is itself overloaded should therefore keep returning stages and
 *       complete them later, or refuse ({@code 0x97} on MQTT 5), rather than buffer without bound.
 * </ul>
 */
@FunctionalInterface
public interface PublishInterceptor {

    /** Routes everything normally. */
    PublishInterceptor NONE = publish -> Optional.empty();

    Optional<CompletionStage<PublishOutcome>> intercept(InboundPublish publish);
}
