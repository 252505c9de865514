package io.millwright.mqtt;

import java.util.concurrent.CompletionStage;

/**
 * Decides who a connecting client is. The platform implements it over its registries: a device with username = device
 * name and password = device token, a ThingsBoard-style device with username = token and no password, an application
 * with username and API token.
 *
 * <p><b>Contract.</b> The broker calls {@link #authenticate} on a small dedicated executor, never on a network event
 * loop, so an implementation may block briefly (a cache miss to the database) or return an incomplete stage and
 * complete it from another thread. The broker reads no further packet from that connection until the stage completes
 * (CONNECT must be answered first, [MQTT-3.1.4-5]). A stage completed exceptionally, or an exception thrown, is
 * answered CONNACK 0x88 Server unavailable (3 on MQTT 3.1.1).
 *
 * <p>The broker itself refuses a client without username unless anonymous access is enabled, in which case it admits
 * it as {@code Principal.Anonymous} without calling this SPI; and it refuses MQTT 5 enhanced authentication (an
 * Authentication Method in CONNECT) with 0x8C Bad authentication method.
 */
@FunctionalInterface
public interface ClientAuthenticator {

    CompletionStage<AuthResult> authenticate(ConnectRequest request);
}
