package io.millwright.mqtt.server;

import io.millwright.mqtt.ClientAuthenticator;
import java.util.concurrent.Executor;

/** What the channel handlers need from the broker; one instance shared by all channels. */
record ChannelServices(
        BrokerContext ctx, SessionRegistry registry, ClientAuthenticator authenticator, Executor authExecutor) {}
