package io.millwright.http;

import java.util.List;

/**
 * The envelope of every listing: {@code {"items": [...], "next": cursor-or-null}}. An object rather than a bare array
 * so that paging can be added to any listing without breaking clients.
 *
 * @param next the opaque cursor to pass as {@code cursor} for the following page; {@code null} on the last page and
 *     for listings that are not paged
 */
public record ListView<T>(List<T> items, String next) {

    public ListView {
        items = List.copyOf(items);
    }

    static <T> ListView<T> of(List<T> items) {
        return new ListView<>(items, null);
    }
}
