package dev.lifeboat.postgres.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A sequence owned by a column (serial, identity): which table's column draws from it. */
public record OwnedSequence(String sequence, String table, String column) {

    /** The sequences the serial and identity columns of the tables ({@code schema.table}) draw from. */
    public static List<OwnedSequence> of(Connection connection, Set<String> tables) throws SQLException {
        List<OwnedSequence> owned = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT sn.nspname || '.' || s.relname, tn.nspname || '.' || t.relname, a.attname
                FROM pg_depend d
                JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' JOIN pg_namespace sn ON sn.oid = s.relnamespace
                JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace
                JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
                  AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0
                ORDER BY 1""");
             ResultSet result = query.executeQuery()) {
            while (result.next()) {
                if (tables.contains(result.getString(2))) {
                    owned.add(new OwnedSequence(result.getString(1), result.getString(2), result.getString(3)));
                }
            }
        }
        return owned;
    }

}
