package io.millwright.mqtt.server;

import io.millwright.core.broker.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The subscriptions of one tenant, as a trie of topic levels (MQTT 5.0 section 4.7).
 *
 * <p><b>Concurrency.</b> {@link #match} runs lock-free on any thread over concurrent maps and sees a weakly consistent
 * view. {@link #add} and {@link #remove} are serialised by the tree's monitor, so pruning an empty branch cannot race
 * with a concurrent add to it.
 */
final class SubscriptionTree {

    /**
     * What one session gets for one message: one copy at the highest matching QoS with every identifier, on the
     * client-visible topic when a matching subscription was made through a mount.
     */
    static final class Match {
        int qos = -1;
        boolean retainAsPublished;
        final List<Integer> subscriptionIds = new ArrayList<>(1);

        /** The mount of a matching subscription made through one, or {@code null} (see {@link DeviceTopicMount}). */
        DeviceTopicMount mount;

        void add(Subscription s) {
            if (s.mount() != null) {
                mount = s.mount();
            }
            qos = Math.max(qos, s.qos());
            retainAsPublished |= s.retainAsPublished();
            if (s.subscriptionId() > 0) {
                subscriptionIds.add(s.subscriptionId());
            }
        }
    }

    private static final class Node {
        final Map<String, Node> children = new ConcurrentHashMap<>();
        final Map<SessionKey, Subscription> subscribers = new ConcurrentHashMap<>();
        final Map<String, SharedGroup> shared = new ConcurrentHashMap<>();

        boolean isEmpty() {
            return children.isEmpty() && subscribers.isEmpty() && shared.isEmpty();
        }
    }

    /** The members of one shared subscription: each message goes to one of them, round robin (section 4.8.2). */
    private static final class SharedGroup {
        final Map<SessionKey, Subscription> members = new ConcurrentHashMap<>();
        final AtomicInteger next = new AtomicInteger();
    }

    private final Node root = new Node();

    /** Adds or replaces {@code key}'s subscription; returns whether one with the same full filter existed. */
    synchronized boolean add(SessionKey key, Subscription s) {
        Node node = root;
        for (String level : Topics.levels(s.filter())) {
            node = node.children.computeIfAbsent(level, l -> new Node());
        }
        if (s.isShared()) {
            return node.shared
                            .computeIfAbsent(s.shareGroup(), g -> new SharedGroup())
                            .members
                            .put(key, s)
                    != null;
        }
        return node.subscribers.put(key, s) != null;
    }

    /** Removes {@code key}'s subscription to {@code s}'s full filter; returns whether it existed. */
    synchronized boolean remove(SessionKey key, Subscription s) {
        String[] levels = Topics.levels(s.filter());
        Node[] path = new Node[levels.length + 1];
        path[0] = root;
        for (int i = 0; i < levels.length; i++) {
            path[i + 1] = path[i].children.get(levels[i]);
            if (path[i + 1] == null) {
                return false;
            }
        }
        Node leaf = path[levels.length];
        boolean removed;
        if (s.isShared()) {
            SharedGroup group = leaf.shared.get(s.shareGroup());
            removed = group != null && group.members.remove(key) != null;
            if (group != null && group.members.isEmpty()) {
                leaf.shared.remove(s.shareGroup());
            }
        } else {
            removed = leaf.subscribers.remove(key) != null;
        }
        for (int i = levels.length; i > 0 && path[i].isEmpty(); i--) {
            path[i - 1].children.remove(levels[i - 1]);
        }
        return removed;
    }

    /**
     * Every session that should receive a message on {@code topic}. Subscriptions with No Local are skipped for the
     * {@code publisher} [MQTT-3.8.3-3]; for a shared subscription one member is picked, preferring {@code online} ones.
     */
    Map<SessionKey, Match> match(String topic, SessionKey publisher, Predicate<SessionKey> online) {
        Map<SessionKey, Match> result = new HashMap<>();
        walk(topic, node -> collect(node, publisher, online, result));
        return result;
    }

    /**
     * What {@code key} alone should receive of a message on {@code topic}, counting its shared subscriptions as if it
     * were picked: for a message meant for one session only. {@code null} when it has no matching subscription.
     */
    Match matchFor(String topic, SessionKey key) {
        Match[] match = new Match[1];
        walk(topic, node -> {
            Subscription direct = node.subscribers.get(key);
            if (direct != null) {
                add(match, direct);
            }
            node.shared.values().forEach(group -> {
                Subscription member = group.members.get(key);
                if (member != null) {
                    add(match, member);
                }
            });
        });
        return match[0];
    }

    /** Every session with a subscription matching {@code topic}, shared group members included; no side effects. */
    Set<SessionKey> subscribers(String topic) {
        Set<SessionKey> result = new HashSet<>();
        walk(topic, node -> {
            result.addAll(node.subscribers.keySet());
            node.shared.values().forEach(group -> result.addAll(group.members.keySet()));
        });
        return result;
    }

    private static void add(Match[] match, Subscription s) {
        if (match[0] == null) {
            match[0] = new Match();
        }
        match[0].add(s);
    }

    /** Visits every node whose subscriptions match {@code topic} (section 4.7). */
    private void walk(String topic, Consumer<Node> visit) {
        walk(root, Topics.levels(topic), 0, topic.startsWith("$"), visit);
    }

    private static void walk(Node node, String[] levels, int i, boolean dollar, Consumer<Node> visit) {
        boolean wildcardsAllowed = !(dollar && i == 0);
        if (wildcardsAllowed) {
            Node hash = node.children.get("#");
            if (hash != null) {
                visit.accept(hash);
            }
        }
        if (i == levels.length) {
            visit.accept(node);
            return;
        }
        if (wildcardsAllowed) {
            Node plus = node.children.get("+");
            if (plus != null) {
                walk(plus, levels, i + 1, dollar, visit);
            }
        }
        Node exact = node.children.get(levels[i]);
        if (exact != null) {
            walk(exact, levels, i + 1, dollar, visit);
        }
    }

    private static void collect(
            Node node, SessionKey publisher, Predicate<SessionKey> online, Map<SessionKey, Match> result) {
        node.subscribers.forEach((key, s) -> {
            if (!(s.noLocal() && key.equals(publisher))) {
                result.computeIfAbsent(key, k -> new Match()).add(s);
            }
        });
        for (SharedGroup group : node.shared.values()) {
            List<Map.Entry<SessionKey, Subscription>> members = new ArrayList<>(group.members.entrySet());
            if (members.isEmpty()) {
                continue;
            }
            List<Map.Entry<SessionKey, Subscription>> candidates =
                    members.stream().filter(e -> online.test(e.getKey())).toList();
            if (candidates.isEmpty()) {
                candidates = members;
            }
            Map.Entry<SessionKey, Subscription> chosen =
                    candidates.get(Math.floorMod(group.next.getAndIncrement(), candidates.size()));
            result.computeIfAbsent(chosen.getKey(), k -> new Match()).add(chosen.getValue());
        }
    }
}
