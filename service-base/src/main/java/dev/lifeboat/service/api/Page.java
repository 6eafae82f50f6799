package dev.lifeboat.service.api;

import java.util.List;
import java.util.function.Function;

/**
 * The one shape of every list answer of every Lifeboat API:
 * {@code {"items": [...], "page": 0, "size": 50, "total": 123}}, the items of this page, the page number (from 0),
 * the page size asked for, and how many items match the filter in all.
 */
public record Page<T>(List<T> items, int page, int size, long total) {

    public Page {
        items = List.copyOf(items);
    }

    /** A page with nothing on it, of a filter nothing matches. */
    public static <T> Page<T> empty(int page, int size) {
        return new Page<>(List.of(), page, size, 0);
    }

    /** Page {@code page} (from 0) of {@code size} items of a whole list held in memory (a list that is short by nature). */
    public static <T> Page<T> of(List<T> all, int page, int size) {
        long from = Math.min((long) page * size, all.size());
        return new Page<>(all.subList((int) from, (int) Math.min(from + size, all.size())), page, size, all.size());
    }

    /** The same page with each item turned into what the API shows. */
    public <R> Page<R> map(Function<? super T, ? extends R> view) {
        return new Page<>(items.stream().<R>map(view).toList(), page, size, total);
    }
}
