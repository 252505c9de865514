package io.millwright.device;

import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.ScheduledExecutorPingSender;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MqttTransport} over Paho's MQTT 3.1.1 client: clean session, Paho's own reconnect off. MQTT 3.1.1 has no
 * negative PUBACK; a server that cannot take a message closes the connection instead, and the device resends it.
 */
final class Paho3Transport implements MqttTransport {

    private static final Logger LOG = LoggerFactory.getLogger(Paho3Transport.class);
    private static final int SUBSCRIPTION_FAILED = 0x80;

    private final Settings settings;
    private final Listener listener;
    private final MqttAsyncClient client;
    private volatile boolean closed;

    Paho3Transport(Settings settings, Listener listener) {
        this.settings = settings;
        this.listener = listener;
        try {
            this.client = new MqttAsyncClient(
                    settings.server().pahoUri(),
                    settings.clientId(),
                    new MemoryPersistence(),
                    new ScheduledExecutorPingSender(settings.runtime().pahoExecutor()),
                    settings.runtime().pahoExecutor());
        } catch (MqttException e) {
            throw new IllegalArgumentException("cannot create an MQTT client for " + settings.server(), e);
        }
        client.setCallback(new Callback());
    }

    @Override
    public MqttProtocol protocol() {
        return MqttProtocol.V3_1_1;
    }

    @Override
    public CompletableFuture<Void> connect() {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setUserName(settings.username());
        options.setPassword(new String(settings.password(), StandardCharsets.UTF_8).toCharArray());
        options.setCleanSession(true);
        options.setKeepAliveInterval((int) settings.keepAlive().toSeconds());
        options.setConnectionTimeout(Math.max(1, (int) settings.connectTimeout().toSeconds()));
        options.setAutomaticReconnect(false);
        options.setMaxInflight(settings.maxInFlight());
        if (settings.socketFactory() != null) {
            options.setSocketFactory(settings.socketFactory());
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        try {
            client.connect(options, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    result.complete(null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    result.completeExceptionally(connectFailure(exception));
                }
            });
        } catch (MqttException e) {
            result.completeExceptionally(connectFailure(e));
        }
        return result;
    }

    @Override
    public CompletableFuture<Void> subscribe(List<String> filters) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        try {
            client.subscribe(
                    filters.toArray(String[]::new),
                    filters.stream().mapToInt(f -> 1).toArray(),
                    null,
                    new IMqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken token) {
                            int[] granted = token.getGrantedQos();
                            for (int i = 0; granted != null && i < granted.length && i < filters.size(); i++) {
                                if (granted[i] == SUBSCRIPTION_FAILED) {
                                    LOG.warn("{}: subscription to {} refused", settings.clientId(), filters.get(i));
                                }
                            }
                            result.complete(null);
                        }

                        @Override
                        public void onFailure(IMqttToken token, Throwable exception) {
                            result.completeExceptionally(exception);
                        }
                    });
        } catch (MqttException | RuntimeException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        try {
            client.publish(topic, payload, qos, false, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    result.complete(null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    result.completeExceptionally(exception);
                }
            });
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

    /** Maps an MQTT 3.1.1 connect failure to what the device does next. */
    static ConnectFailure connectFailure(Throwable error) {
        int code = error instanceof MqttException e ? e.getReasonCode() : -1;
        ConnectFailure.Kind kind;
        if (code == MqttException.REASON_CODE_FAILED_AUTHENTICATION
                || code == MqttException.REASON_CODE_NOT_AUTHORIZED) {
            kind = ConnectFailure.Kind.CREDENTIALS_REFUSED;
        } else if (code == MqttException.REASON_CODE_INVALID_PROTOCOL_VERSION) {
            kind = ConnectFailure.Kind.PROTOCOL_REFUSED;
        } else if (code == MqttException.REASON_CODE_SERVER_CONNECT_ERROR
                || code == MqttException.REASON_CODE_CLIENT_TIMEOUT) {
            kind = ConnectFailure.Kind.UNREACHABLE;
        } else {
            kind = ConnectFailure.Kind.REFUSED;
        }
        Throwable cause = error.getCause();
        String message = cause instanceof EOFException
                ? "connection closed by the server"
                : cause == null ? String.valueOf(error.getMessage()) : error.getMessage() + ": " + cause.getMessage();
        return new ConnectFailure(kind, code, message, error);
    }

    private final class Callback implements MqttCallback {
        @Override
        public void connectionLost(Throwable cause) {
            if (!closed) {
                listener.connectionLost(cause);
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            listener.messageArrived(topic, message.getPayload());
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {}
    }
}
