package io.millwright.core;

import java.util.UUID;

/** Identifier generation. Ids are random UUIDs so that they reveal nothing and never collide across sites. */
public final class Ids {

    private Ids() {}

    public static String newId() {
        return UUID.randomUUID().toString();
    }
}
