package io.millwright.mqtt;

/**
 * Told when clients come and go, e.g. to maintain device connectivity status. Called on a network event loop: it must
 * not block; hand work to another executor. Exceptions are logged and ignored.
 */
public interface ConnectionListener {

    /** After CONNACK 0x00 was sent. */
    void connected(ClientInfo client);

    /**
     * After the network connection of a client that had been {@link #connected} closed, for any reason (DISCONNECT,
     * error, keep-alive timeout, takeover, server kick).
     */
    void disconnected(ClientInfo client);
}
