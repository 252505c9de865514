package io.millwright.mqtt;

/**
 * Told when a client's subscription was granted, e.g. so the platform can send a device what it must catch up on
 * (its twin delta) or start delivering its queued commands.
 *
 * <p>Called on the session's event loop after the SUBACK and any retained messages for the SUBSCRIBE were handed to
 * the connection, once per granted filter, in the order of the SUBSCRIBE: it must not block; hand work to another
 * executor. A message the listener publishes for the client is therefore delivered after the SUBACK. Exceptions are
 * logged and ignored.
 */
@FunctionalInterface
public interface SubscriptionListener {

    /**
     * @param filter the topic filter exactly as the client sent it, including any {@code $share/group/} prefix, and
     *     before the device mount (so {@code v1/devices/me/rpc/request/+}, not {@code devices/N/tb/rpc/request/+})
     */
    void subscribed(ClientInfo client, String filter);
}
