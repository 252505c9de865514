package io.millwright.core.command;

import java.util.concurrent.CompletionStage;

/**
 * How commands reach devices; implemented by a transport (the MQTT side publishes a command to the device with QoS 1).
 * Called from the {@link CommandDispatcher}'s thread, so implementations must not block.
 */
public interface CommandTransport {

    /** Whether the device has a live connection that {@link #send} can use now. */
    boolean isConnected(String tenantId, String deviceName);

    /**
     * Sends the command to its device. The stage completes normally when the device acknowledged the message (MQTT
     * PUBACK) and exceptionally if it cannot be delivered on this connection (the device disconnected, the publish was
     * refused); the command is then queued again and resent when the device reconnects.
     */
    CompletionStage<Void> send(Command command);
}
