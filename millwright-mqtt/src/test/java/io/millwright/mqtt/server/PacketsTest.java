package io.millwright.mqtt.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.broker.MessageProperties;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PacketsTest {

    private static int encodedSize(MqttVersion version, io.netty.handler.codec.mqtt.MqttMessage message) {
        EmbeddedChannel ch = new EmbeddedChannel(MqttEncoder.INSTANCE);
        ch.writeOutbound(MqttMessageBuilders.connect()
                .protocolVersion(version)
                .clientId("c")
                .build());
        ((ByteBuf) ch.readOutbound()).release();
        ch.writeOutbound(message);
        ByteBuf encoded = ch.readOutbound();
        int size = encoded.readableBytes();
        encoded.release();
        ch.finishAndReleaseAll();
        return size;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 10, 200, 20_000})
    void publish_size_matches_the_encoder_so_maximum_packet_size_is_exact(int payloadLength) {
        MessageProperties props = new MessageProperties(
                1,
                60L,
                "application/json",
                "reply/topic",
                new byte[] {1, 2, 3},
                List.of(new MessageProperties.UserProperty("k", "välue")));
        List<Integer> ids = List.of(1, 300);
        byte[] payload = new byte[payloadLength];
        for (MqttVersion version : List.of(MqttVersion.MQTT_5, MqttVersion.MQTT_3_1_1)) {
            boolean v5 = version == MqttVersion.MQTT_5;
            var message = Packets.publish("a/b/ü", 1, false, false, 7, props, ids, 2, payload);
            assertThat(Packets.publishSize("a/b/ü", 1, props, ids, 2, payloadLength, v5))
                    .as("size for %s", version)
                    .isEqualTo(encodedSize(version, message));
        }
    }
}
