package io.millwright.core.command;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A request to call a method on a device, as it arrives from outside; {@link CommandService#create} validates it
 * against {@link CommandLimits}.
 *
 * @param params any JSON value, or {@code null} for {@code {}}
 * @param ttlSeconds how long the command may wait for delivery, or {@code null} for the default
 * @param timeoutSeconds how long the device has to answer once sent, or {@code null} for the default
 * @param oneway the device sends no result; the command ends when delivered
 */
public record CommandRequest(
        String method, JsonNode params, Integer ttlSeconds, Integer timeoutSeconds, boolean oneway) {}
