package io.millwright.mqtt.gateway;

import io.millwright.mqtt.PublishOutcome;
import java.util.concurrent.CompletionStage;

/**
 * Handles the PUBLISHes of one {@link DeviceTopic.Kind}. The gateway has handlers for twins, ThingsBoard attributes
 * and command results; other subsystems register theirs with {@link DeviceGateway#handle} (the telemetry ingest for
 * {@link DeviceTopic.Kind#TELEMETRY} and {@link DeviceTopic.Kind#THINGSBOARD_TELEMETRY}). A kind without a handler is
 * routed to subscribers as usual.
 *
 * <p>Same contract as {@link io.millwright.mqtt.PublishInterceptor}: called on the publishing session's event loop, so
 * it must not block; the returned stage decides the PUBACK/PUBREC (sent only when it completes) and whether the message
 * is also routed.
 */
@FunctionalInterface
public interface DeviceTopicHandler {

    CompletionStage<PublishOutcome> handle(DevicePublish publish);
}
