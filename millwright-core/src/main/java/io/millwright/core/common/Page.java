package io.millwright.core.common;

import java.util.List;

/**
 * One page of a listing in a stable order.
 *
 * @param next an opaque cursor for the following page, or {@code null} on the last page
 */
public record Page<T>(List<T> items, String next) {

    public Page {
        items = List.copyOf(items);
    }
}
