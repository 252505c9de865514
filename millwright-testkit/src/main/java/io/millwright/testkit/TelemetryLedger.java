package io.millwright.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What each device sent, and which of it the server acknowledged or refused, to check against what the server stored.
 *
 * <p>Device {@code d}'s message number {@code seq} is {@code {"ts": base + seq * step, "values": {"seq": seq, ...}}}: the
 * device timestamp makes {@code (device, seq)} the point's identity, so a message stored twice is visible, and the
 * value tells which message a stored point came from. {@link #audit} reads every device's {@code seq} series back
 * through the REST API. Thread-safe.
 */
public final class TelemetryLedger {

    /** 2100-01-01, the end of every query range. */
    private static final long FAR_FUTURE = 4_102_444_800_000L;

    private final long baseTs;
    private final long stepMillis;
    private final Map<FaultDevice, Entry> entries = new LinkedHashMap<>();

    /** One device's record; message numbers are dense, so they are kept as bits. */
    public static final class Entry {
        private final AtomicLong nextSeq = new AtomicLong();
        private final BitSet acked = new BitSet();
        private final BitSet refused = new BitSet();

        /** The next message number; counts it as sent. */
        public long next() {
            return nextSeq.getAndIncrement();
        }

        /** The server acknowledged {@code seq} (PUBACK SUCCESS, HTTP 2xx): it must be stored. */
        public synchronized void acked(long seq) {
            acked.set(Math.toIntExact(seq));
        }

        /** The server refused {@code seq} before queueing it (e.g. PUBACK 0x97): it must not be stored. */
        public synchronized void refused(long seq) {
            refused.set(Math.toIntExact(seq));
        }

        public long sent() {
            return nextSeq.get();
        }

        public synchronized int ackedCount() {
            return acked.cardinality();
        }

        public synchronized int refusedCount() {
            return refused.cardinality();
        }

        synchronized boolean isAcked(long seq) {
            return seq <= Integer.MAX_VALUE && acked.get((int) seq);
        }

        synchronized boolean isRefused(long seq) {
            return seq <= Integer.MAX_VALUE && refused.get((int) seq);
        }

        synchronized BitSet ackedCopy() {
            return (BitSet) acked.clone();
        }
    }

    /**
     * What the server stored compared with the ledger.
     *
     * @param missing acknowledged but not stored: a loss
     * @param duplicates points stored more than once
     * @param refusedStored refused but stored anyway
     * @param unacknowledgedStored neither acknowledged nor refused (in flight at a fault) but stored: allowed
     * @param phantom stored but never sent
     */
    public record Audit(
            int devices,
            long sent,
            long acked,
            long refused,
            long missing,
            long duplicates,
            long refusedStored,
            long unacknowledgedStored,
            long phantom,
            List<String> firstMissing) {

        public String summary() {
            return String.format(
                    "devices %d, sent %d, acknowledged %d, refused %d, acknowledged-but-missing %d, duplicates %d,"
                            + " refused-but-stored %d, unacknowledged stored anyway %d, never sent but stored %d",
                    devices, sent, acked, refused, missing, duplicates, refusedStored, unacknowledgedStored, phantom);
        }
    }

    /** A ledger of {@code devices} whose timestamps start at {@code baseTs} (epoch ms, in the past), 1 ms apart. */
    public TelemetryLedger(long baseTs, Collection<FaultDevice> devices) {
        this(baseTs, 1, devices);
    }

    /**
     * A ledger whose message {@code seq} has the timestamp {@code baseTs + seq * stepMillis}: a device publishing
     * {@code 1000 / stepMillis} messages a second keeps its timestamps near the wall clock, as real devices do.
     */
    public TelemetryLedger(long baseTs, long stepMillis, Collection<FaultDevice> devices) {
        if (stepMillis < 1) {
            throw new IllegalArgumentException("stepMillis must be at least 1");
        }
        this.baseTs = baseTs;
        this.stepMillis = stepMillis;
        devices.forEach(d -> entries.put(d, new Entry()));
    }

    public Entry of(FaultDevice device) {
        return entries.get(device);
    }

    public Collection<FaultDevice> devices() {
        return entries.keySet();
    }

    /** Message {@code seq} with {@code extraKeys} more values ({@code v0} ...), to make messages heavier. */
    public String payload(long seq, int extraKeys) {
        StringBuilder json = new StringBuilder(64 + extraKeys * 16)
                .append("{\"ts\":")
                .append(baseTs + seq * stepMillis)
                .append(",\"values\":{\"seq\":")
                .append(seq);
        for (int i = 0; i < extraKeys; i++) {
            json.append(",\"v").append(i).append("\":").append(seq * 31 + i);
        }
        return json.append("}}").toString();
    }

    /** Reads back every device's points and compares them with the ledger; asserts each value matches its ts. */
    public Audit audit(ApiClient admin) {
        long sent = 0;
        long acked = 0;
        long refused = 0;
        long missing = 0;
        long duplicates = 0;
        long refusedStored = 0;
        long unackedStored = 0;
        long phantom = 0;
        List<String> firstMissing = new ArrayList<>();
        for (Map.Entry<FaultDevice, Entry> e : entries.entrySet()) {
            FaultDevice device = e.getKey();
            Entry entry = e.getValue();
            Map<Long, Integer> stored = storedSeqs(admin, device);
            BitSet ackedSeqs = entry.ackedCopy();
            for (int seq = ackedSeqs.nextSetBit(0); seq >= 0; seq = ackedSeqs.nextSetBit(seq + 1)) {
                if (!stored.containsKey((long) seq)) {
                    missing++;
                    if (firstMissing.size() < 20) {
                        firstMissing.add(device.name() + " seq " + seq);
                    }
                }
            }
            for (Map.Entry<Long, Integer> point : stored.entrySet()) {
                long seq = point.getKey();
                duplicates += point.getValue() - 1;
                if (seq < 0 || seq >= entry.sent()) {
                    phantom++;
                } else if (entry.isRefused(seq)) {
                    refusedStored++;
                } else if (!entry.isAcked(seq)) {
                    unackedStored++;
                }
            }
            sent += entry.sent();
            acked += entry.ackedCount();
            refused += entry.refusedCount();
        }
        return new Audit(
                entries.size(),
                sent,
                acked,
                refused,
                missing,
                duplicates,
                refusedStored,
                unackedStored,
                phantom,
                firstMissing);
    }

    /** seq to how many times it is stored; fails when a point's value is not its timestamp's seq. */
    private Map<Long, Integer> storedSeqs(ApiClient admin, FaultDevice device) {
        Map<Long, Integer> stored = new HashMap<>();
        String cursor = null;
        do {
            String path = "/api/v1/devices/" + device.id() + "/telemetry?keys=seq&from=0&to=" + FAR_FUTURE
                    + "&limit=10000" + (cursor == null ? "" : "&cursor=" + cursor);
            ApiClient.Response page = admin.get(path);
            if (page.status() != 200) {
                throw new AssertionError(
                        "reading " + device.name() + "'s telemetry: " + page.status() + " " + page.body());
            }
            JsonNode body = page.json();
            for (JsonNode point : body.path("series").path("seq")) {
                long offset = point.path("ts").asLong() - baseTs;
                long seq = offset % stepMillis == 0 ? offset / stepMillis : -1;
                if (point.path("value").asLong() != seq) {
                    throw new AssertionError("value of " + device.name() + " at ts " + point.path("ts") + " is "
                            + point.path("value") + ", expected " + seq);
                }
                stored.merge(seq, 1, Integer::sum);
            }
            cursor = body.path("next").isTextual() ? body.path("next").asText() : null;
        } while (cursor != null);
        return stored;
    }
}
