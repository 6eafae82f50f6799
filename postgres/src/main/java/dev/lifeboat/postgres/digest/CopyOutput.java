package dev.lifeboat.postgres.digest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The session settings COPY's text output depends on, so that a check prints a restored table's rows in the same bytes
 * as {@code pg_dump} printed them: those {@code pg_dump} sets itself ({@code DateStyle}, {@code IntervalStyle},
 * {@code extra_float_digits}), the time zone Lifeboat starts it in ({@link #DUMP_TIME_ZONE}), and those it takes from
 * the role's and database's defaults, recorded from the dump's snapshot session ({@code bytea_output},
 * {@code lc_monetary}). Blocking JDBC: worker threads only.
 */
public final class CopyOutput {

    /** The time zone {@code pg_dump} runs in (its {@code PGTZ}): the same for every backup, whatever the server's default. */
    public static final String DUMP_TIME_ZONE = "UTC";
    private static final Map<String, String> SET_BY_PG_DUMP = Map.of("DateStyle", "ISO", "IntervalStyle", "postgres",
            "extra_float_digits", "3");
    private static final List<String> FROM_DEFAULTS = List.of("bytea_output", "lc_monetary");
    /** Encodings whose COPY text reaches a JDBC session (always UTF8) in the bytes the dump holds. */
    private static final Set<String> SAME_BYTES = Set.of("UTF8", "SQL_ASCII");

    private CopyOutput() {
    }

    /** Whether rows dumped in {@code encoding} can be compared byte for byte through JDBC. */
    public static boolean comparable(String encoding) {
        return encoding != null && SAME_BYTES.contains(encoding);
    }

    /** The settings the dump's rows were printed under that a check must set: read in the dump's snapshot session. */
    public static Map<String, String> recorded(Connection dumpSession) throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("TimeZone", DUMP_TIME_ZONE);
        try (Statement statement = dumpSession.createStatement()) {
            for (String name : FROM_DEFAULTS) {
                try (ResultSet result = statement.executeQuery("SELECT current_setting('" + name + "')")) {
                    result.next();
                    settings.put(name, result.getString(1));
                }
            }
        }
        return settings;
    }

    /**
     * Sets, for this session, what the dump's rows were printed under: {@code pg_dump}'s own settings and the
     * {@code recorded} ones (a name this class does not know is not set: a manifest names no other).
     */
    public static void apply(Connection session, Map<String, String> recorded) throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>(SET_BY_PG_DUMP);
        recorded.forEach((name, value) -> {
            if (name.equals("TimeZone") || FROM_DEFAULTS.contains(name)) {
                settings.put(name, value);
            }
        });
        try (PreparedStatement set = session.prepareStatement("SELECT set_config(?, ?, false)")) {
            for (Map.Entry<String, String> setting : settings.entrySet()) {
                set.setString(1, setting.getKey());
                set.setString(2, setting.getValue());
                set.executeQuery().close();
            }
        }
    }

    /** Puts back the session's defaults for everything {@link #apply} set. */
    public static void reset(Connection session) throws SQLException {
        try (Statement statement = session.createStatement()) {
            for (String name : List.of("DateStyle", "IntervalStyle", "extra_float_digits", "TimeZone", "bytea_output", "lc_monetary")) {
                statement.execute("RESET " + name);
            }
        }
    }
}
