package io.millwright.device;

import java.io.EOFException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link MqttTransport} over Paho's MQTT 5 client: clean start, no session expiry, Paho's own reconnect off. */
final class Paho5Transport implements MqttTransport {

    private static final Logger LOG = LoggerFactory.getLogger(Paho5Transport.class);
    private static final int BAD_USERNAME_OR_PASSWORD = 0x86;
    private static final int NOT_AUTHORIZED = 0x87;
    private static final int BAD_AUTHENTICATION_METHOD = 0x8C;
    private static final int UNSUPPORTED_PROTOCOL_VERSION = 0x84;
    private static final int FIRST_FAILURE_CODE = 0x80;

    private final Settings settings;
    private final Listener listener;
    private final MqttAsyncClient client;
    private volatile boolean closed;

    Paho5Transport(Settings settings, Listener listener) {
        this.settings = settings;
        this.listener = listener;
        try {
            this.client = new MqttAsyncClient(
                    settings.server().pahoUri(),
                    settings.clientId(),
                    new MemoryPersistence(),
                    null,
                    settings.runtime().pahoExecutor());
        } catch (MqttException e) {
            throw new IllegalArgumentException("cannot create an MQTT client for " + settings.server(), e);
        }
        client.setCallback(new Callback());
    }

    @Override
    public MqttProtocol protocol() {
        return MqttProtocol.V5;
    }

    @Override
    public CompletableFuture<Void> connect() {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(settings.username());
        options.setPassword(settings.password());
        options.setCleanStart(true);
        options.setSessionExpiryInterval(0L);
        options.setKeepAliveInterval((int) settings.keepAlive().toSeconds());
        options.setConnectionTimeout(Math.max(1, (int) settings.connectTimeout().toSeconds()));
        options.setAutomaticReconnect(false);
        if (settings.socketFactory() != null) {
            options.setSocketFactory(settings.socketFactory());
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        try {
            client.connect(options, null, listener(result, token -> null, Paho5Transport::connectFailure));
        } catch (MqttException e) {
            result.completeExceptionally(connectFailure(e));
        }
        return result;
    }

    @Override
    public CompletableFuture<Void> subscribe(List<String> filters) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        int[] qos = filters.stream().mapToInt(f -> 1).toArray();
        try {
            client.subscribe(
                    filters.toArray(String[]::new),
                    qos,
                    null,
                    listener(
                            result,
                            token -> {
                                int[] codes = token.getReasonCodes();
                                for (int i = 0; codes != null && i < codes.length && i < filters.size(); i++) {
                                    if (codes[i] >= FIRST_FAILURE_CODE) {
                                        LOG.warn(
                                                "{}: subscription to {} refused (0x{})",
                                                settings.clientId(),
                                                filters.get(i),
                                                Integer.toHexString(codes[i]));
                                    }
                                }
                                return null;
                            },
                            e -> e));
        } catch (MqttException | RuntimeException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        try {
            client.publish(
                    topic,
                    payload,
                    qos,
                    false,
                    null,
                    listener(
                            result,
                            token -> {
                                int[] codes = token.getReasonCodes();
                                if (codes != null && codes.length > 0 && codes[0] >= FIRST_FAILURE_CODE) {
                                    return new DeviceException(
                                            DeviceException.Reason.REFUSED,
                                            "the server refused the message on " + topic + " (reason code 0x"
                                                    + Integer.toHexString(codes[0]) + ")",
                                            codes[0]);
                                }
                                return null;
                            },
                            e -> e));
        } catch (MqttException | RuntimeException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    @Override
    public void close(boolean graceful) {
        closed = true;
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, graceful ? 1000 : 1, graceful);
            }
        } catch (MqttException | RuntimeException e) {
            LOG.debug("{}: disconnect failed", settings.clientId(), e);
        }
        try {
            client.close(true);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("{}: close failed", settings.clientId(), e);
        }
    }

    /** Maps an MQTT 5 connect failure to what the device does next. */
    static ConnectFailure connectFailure(Throwable error) {
        int code = error instanceof MqttException e ? e.getReasonCode() : -1;
        ConnectFailure.Kind kind;
        if (code == BAD_USERNAME_OR_PASSWORD || code == NOT_AUTHORIZED || code == BAD_AUTHENTICATION_METHOD) {
            kind = ConnectFailure.Kind.CREDENTIALS_REFUSED;
        } else if (code == UNSUPPORTED_PROTOCOL_VERSION) {
            kind = ConnectFailure.Kind.PROTOCOL_REFUSED;
        } else if (code == MqttClientException.REASON_CODE_SERVER_CONNECT_ERROR
                || code == MqttClientException.REASON_CODE_CLIENT_TIMEOUT) {
            kind = ConnectFailure.Kind.UNREACHABLE;
        } else if (code >= FIRST_FAILURE_CODE && code <= 0xFF) {
            kind = ConnectFailure.Kind.REFUSED;
        } else {
            // Closed in answer to CONNECT, or a CONNACK that does not parse as MQTT 5: an MQTT 3.1.1-only server.
            kind = ConnectFailure.Kind.PROTOCOL_REFUSED;
        }
        return new ConnectFailure(kind, code, describe(error), error);
    }

    private static String describe(Throwable error) {
        Throwable cause = error.getCause();
        if (cause instanceof EOFException) {
            return "connection closed by the server";
        }
        return cause == null || cause.getMessage() == null
                ? String.valueOf(error.getMessage())
                : error.getMessage() + ": " + cause.getMessage();
    }

    /** A Paho listener that completes {@code result}: {@code check} may turn a success into a failure. */
    private static MqttActionListener listener(
            CompletableFuture<Void> result,
            Function<IMqttToken, Throwable> check,
            Function<Throwable, Throwable> onFailure) {
        return new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                Throwable failure = check.apply(token);
                if (failure == null) {
                    result.complete(null);
                } else {
                    result.completeExceptionally(failure);
                }
            }

            @Override
            public void onFailure(IMqttToken token, Throwable exception) {
                result.completeExceptionally(onFailure.apply(exception));
            }
        };
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (!closed) {
                Throwable cause = response.getException() != null
                        ? response.getException()
                        : new EOFException("disconnected by the server (reason code 0x"
                                + Integer.toHexString(response.getReturnCode()) + ")");
                listener.connectionLost(cause);
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.debug("{}: MQTT error", settings.clientId(), exception);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            listener.messageArrived(topic, message.getPayload());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
}
