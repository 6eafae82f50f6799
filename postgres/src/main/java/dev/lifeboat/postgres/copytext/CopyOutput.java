package dev.lifeboat.postgres.copytext;

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
 * {@code extra_float_digits}, an empty {@code search_path}, under which a {@code regclass} prints schema-qualified; and
 * {@code statement_timeout} and {@code row_security} off, so that no role default cuts a table's rows short), the time
 * zone Lifeboat starts it in ({@link #DUMP_TIME_ZONE}), and those it takes from the role's and database's defaults,
 * recorded from the dump's snapshot session ({@code bytea_output}, {@code lc_monetary}). Blocking JDBC: worker threads only.
 */
public final class CopyOutput {

    /** The time zone {@code pg_dump} runs in (its {@code PGTZ}): the same for every backup, whatever the server's default. */
    public static final String DUMP_TIME_ZONE = "UTC";
    /** The one recorded setting a server may not be able to take: a locale it lacks. */
    public static final String MONETARY_LOCALE = "lc_monetary";
    private static final Map<String, String> SET_BY_PG_DUMP = orderedMap("DateStyle", "ISO", "IntervalStyle", "postgres",
            "extra_float_digits", "3", "search_path", "", "statement_timeout", "0", "row_security", "off");
    private static final List<String> FROM_DEFAULTS = List.of("bytea_output", MONETARY_LOCALE);
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
     * Sets, for this session (autocommit), what the dump's rows were printed under: {@code pg_dump}'s own settings and the
     * {@code recorded} ones (a name this class does not know is not set: a manifest names no other).
     *
     * @return the recorded settings this server refused (a {@code lc_monetary} locale it lacks): rows that print by them
     *         cannot be compared here
     */
    public static Set<String> apply(Connection session, Map<String, String> recorded) throws SQLException {
        Set<String> refused = new java.util.TreeSet<>();
        try (PreparedStatement set = session.prepareStatement("SELECT set_config(?, ?, false)")) {
            for (Map.Entry<String, String> setting : SET_BY_PG_DUMP.entrySet()) {
                set(set, setting.getKey(), setting.getValue());
            }
            for (Map.Entry<String, String> setting : recorded.entrySet()) {
                if (setting.getKey().equals("TimeZone") || FROM_DEFAULTS.contains(setting.getKey())) {
                    try {
                        set(set, setting.getKey(), setting.getValue());
                    } catch (SQLException e) {
                        refused.add(setting.getKey());
                    }
                }
            }
        }
        return refused;
    }

    /** Puts back the session's defaults for everything {@link #apply} set. */
    public static void reset(Connection session) throws SQLException {
        try (Statement statement = session.createStatement()) {
            for (String name : SET_BY_PG_DUMP.keySet()) {
                statement.execute("RESET " + name);
            }
            for (String name : List.of("TimeZone", "bytea_output", MONETARY_LOCALE)) {
                statement.execute("RESET " + name);
            }
        }
    }

    private static void set(PreparedStatement set, String name, String value) throws SQLException {
        set.setString(1, name);
        set.setString(2, value);
        set.executeQuery().close();
    }

    private static Map<String, String> orderedMap(String... namesAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
