package io.millwright.mqtt.server;

import io.millwright.core.broker.TopicAccess;
import io.millwright.mqtt.ConnectionListener;
import io.millwright.mqtt.DeliveryListener;
import io.millwright.mqtt.MqttConfig;
import io.millwright.mqtt.PublishInterceptor;
import io.millwright.mqtt.SubscriptionListener;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The broker-wide collaborators every session uses; built once by the broker. */
record BrokerContext(
        MqttConfig config,
        TopicAccess access,
        PublishInterceptor interceptor,
        List<ConnectionListener> connectionListeners,
        List<DeliveryListener> deliveryListeners,
        List<SubscriptionListener> subscriptionListeners,
        BrokerMetrics metrics,
        PersistenceWriter persistence,
        ReadBarrier readBarrier,
        Clock clock) {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerContext.class);

    long now() {
        return clock.millis();
    }

    void notifyDelivered(DeliveryListener.Delivery delivery) {
        for (DeliveryListener l : deliveryListeners) {
            try {
                l.acknowledged(delivery);
            } catch (RuntimeException e) {
                LOG.warn("Delivery listener failed", e);
            }
        }
    }

    void notifySubscribed(Connection c, List<String> filters) {
        for (String filter : filters) {
            for (SubscriptionListener l : subscriptionListeners) {
                try {
                    l.subscribed(c.info, filter);
                } catch (RuntimeException e) {
                    LOG.warn("Subscription listener failed", e);
                }
            }
        }
    }

    void notifyConnected(Connection c) {
        for (ConnectionListener l : connectionListeners) {
            try {
                l.connected(c.info);
            } catch (RuntimeException e) {
                LOG.warn("Connection listener failed", e);
            }
        }
    }

    void notifyDisconnected(Connection c) {
        for (ConnectionListener l : connectionListeners) {
            try {
                l.disconnected(c.info);
            } catch (RuntimeException e) {
                LOG.warn("Connection listener failed", e);
            }
        }
    }
}
