package io.millwright.mqtt.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.mqtt.MqttMessage;
import java.util.List;

/**
 * Cuts the byte stream into whole MQTT Control Packets by their fixed header (section 2.1.1: one byte of type and
 * flags, then the Remaining Length as a Variable Byte Integer, section 1.5.5) before Netty's {@code MqttDecoder} sees
 * them, and checks what that decoder does not:
 *
 * <ul>
 *   <li>A packet whose content ends before its Remaining Length says, or runs past it, is malformed (section 4.13): the
 *       decoder alone would read on into the next packet and wait, answering nothing, until the keep alive ran out.
 *       Here each packet reaches the decoder as its own frame, and a frame the decoder makes no packet of is reported
 *       as a decoding failure, which closes the connection with DISCONNECT 0x81 on MQTT 5.
 *   <li>Reserved bits of the SUBSCRIBE options byte: bits 6 and 7 on MQTT 5 [MQTT-3.8.3-5], bits 2 to 7 on 3.1.1
 *       [MQTT-3-8.3-4], which the decoder drops silently; and Retain Handling 3, a Protocol Error (section 3.8.3.1),
 *       reported as {@link ProtocolError}.
 * </ul>
 *
 * <p>A Remaining Length above the packet size limit, or one longer than four bytes, is passed on unframed from there on,
 * so that the decoder reports it at once (0x95 Packet too large, 0x81) instead of this framer buffering it. One per
 * channel, on its event loop; {@link FrameCheck} sits right after the decoder and counts the packets it makes.
 */
final class MqttFramer extends ByteToMessageDecoder {

    private static final int CONNECT = 1;
    private static final int SUBSCRIBE = 8;
    private static final String RETAIN_HANDLING_3 = "retain handling 3";

    private final int maxPacketSize;
    private final FrameCheck check;
    /** Set from the CONNECT's protocol level; SUBSCRIBE options are read by version. */
    private int protocolLevel;

    private boolean passThrough;
    private boolean failed;

    MqttFramer(int maxPacketSize, FrameCheck check) {
        this.maxPacketSize = maxPacketSize;
        this.check = check;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (passThrough) {
            out.add(in.readRetainedSlice(in.readableBytes()));
            return;
        }
        int start = in.readerIndex();
        int remainingLength = 0;
        int lengthBytes = 0;
        boolean lengthComplete = false;
        while (lengthBytes < 4) {
            if (in.readableBytes() < 2 + lengthBytes) {
                return;
            }
            int b = in.getUnsignedByte(start + 1 + lengthBytes);
            remainingLength |= (b & 0x7F) << (7 * lengthBytes);
            lengthBytes++;
            if ((b & 0x80) == 0) {
                lengthComplete = true;
                break;
            }
        }
        if (!lengthComplete || remainingLength > maxPacketSize) {
            passThrough = true;
            out.add(in.readRetainedSlice(in.readableBytes()));
            return;
        }
        int frameLength = 1 + lengthBytes + remainingLength;
        if (in.readableBytes() < frameLength) {
            return;
        }
        int type = in.getUnsignedByte(start) >> 4;
        int bodyStart = start + 1 + lengthBytes;
        if (type == CONNECT && protocolLevel == 0) {
            protocolLevel = protocolLevelOf(in, bodyStart, remainingLength);
        } else if (type == SUBSCRIBE) {
            String invalid = subscribeOptionsProblem(in, bodyStart, remainingLength);
            if (invalid != null) {
                fail(
                        ctx,
                        in,
                        invalid.startsWith(RETAIN_HANDLING_3)
                                ? new ProtocolError(invalid)
                                : new DecoderException(invalid));
                return;
            }
        }
        long before = check.packets();
        ctx.fireChannelRead(in.readRetainedSlice(frameLength));
        if (check.packets() == before && ctx.channel().isActive()) {
            fail(ctx, in, new DecoderException("the packet does not match its Remaining Length of " + remainingLength));
        }
    }

    private void fail(ChannelHandlerContext ctx, ByteBuf in, DecoderException why) {
        failed = true;
        in.skipBytes(in.readableBytes());
        ctx.fireChannelRead(new MqttMessage(null, null, null, DecoderResult.failure(why)));
    }

    /** A well-formed packet that breaks a rule of the protocol: DISCONNECT 0x82 rather than 0x81 (section 4.13). */
    static final class ProtocolError extends DecoderException {
        ProtocolError(String message) {
            super(message);
        }
    }

    /** The protocol level byte after the protocol name (section 3.1.2.2), or 0 when the CONNECT is too short. */
    private static int protocolLevelOf(ByteBuf in, int body, int length) {
        if (length < 2) {
            return 0;
        }
        int nameLength = in.getUnsignedShort(body);
        return length < 3 + nameLength ? 0 : in.getUnsignedByte(body + 2 + nameLength);
    }

    /**
     * What is wrong with the options of a SUBSCRIBE, or {@code null}: walks the payload (section 3.8.3), packet
     * identifier, properties on MQTT 5, then topic filters each followed by an options byte. A payload that does not
     * parse is left to the decoder to reject.
     */
    private String subscribeOptionsProblem(ByteBuf in, int body, int length) {
        boolean v5 = protocolLevel == 5;
        int end = body + length;
        int i = body + 2;
        if (v5) {
            int propertiesLength = 0;
            int shift = 0;
            int b;
            do {
                if (i >= end || shift > 21) {
                    return null;
                }
                b = in.getUnsignedByte(i++);
                propertiesLength |= (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            i += propertiesLength;
        }
        while (i + 2 <= end) {
            int options = i + 2 + in.getUnsignedShort(i);
            if (options >= end) {
                return null;
            }
            int o = in.getUnsignedByte(options);
            if ((o & (v5 ? 0xC0 : 0xFC)) != 0) {
                return "reserved bits set in the subscription options";
            }
            if (v5 && (o >> 4 & 0x03) == 3) {
                return RETAIN_HANDLING_3;
            }
            i = options + 1;
        }
        return null;
    }

    /** Counts the packets the decoder before it makes; one per channel, on its event loop. */
    static final class FrameCheck extends ChannelInboundHandlerAdapter {

        private long packets;

        long packets() {
            return packets;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            packets++;
            ctx.fireChannelRead(msg);
        }
    }
}
