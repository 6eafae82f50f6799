package dev.lifeboat.changes.slot;

/**
 * How a captured database's schema changes reach a restore: <b>replayed</b> (Lifeboat's event trigger records each DDL
 * command in the transaction that runs it, and replay runs it at its place), or <b>gaps</b> (the role may not create
 * event triggers: a schema change is found by a look at the catalog every second, and the seconds from that look until
 * the next backup are not restorable to the second).
 *
 * @param why what decided it, and for gaps the one grant or setting that would give replay
 */
public record SchemaChangeMode(boolean replayed, String why) {

    public static final String REPLAYED = "schema changes replayed";
    public static final String GAPS = "gaps at schema changes";

    public String mode() {
        return replayed ? REPLAYED : GAPS;
    }
}
