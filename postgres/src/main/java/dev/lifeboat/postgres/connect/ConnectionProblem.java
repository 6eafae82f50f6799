package dev.lifeboat.postgres.connect;

import java.sql.SQLException;

/** What kind of problem a failed connection or statement had, from its SQLSTATE: the services turn it into their failure codes. */
public enum ConnectionProblem {
    /** 28P01 (wrong password) or 28000 (no such role, or pg_hba refuses it). */
    AUTHENTICATION_FAILED,
    /** 3D000: the database does not exist. */
    DATABASE_NOT_FOUND,
    /** Class 08: the server cannot be reached, or the connection broke. */
    CONNECTION_FAILED,
    /** 42501: the role lacks a privilege. */
    PERMISSION_DENIED,
    /** Anything else. */
    OTHER;

    public static ConnectionProblem of(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals("28P01") || state.equals("28000")) {
            return AUTHENTICATION_FAILED;
        }
        if (state.equals("3D000")) {
            return DATABASE_NOT_FOUND;
        }
        if (state.startsWith("08")) {
            return CONNECTION_FAILED;
        }
        if (state.equals("42501")) {
            return PERMISSION_DENIED;
        }
        return OTHER;
    }
}
