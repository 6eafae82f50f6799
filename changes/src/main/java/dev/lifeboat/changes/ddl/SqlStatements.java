package dev.lifeboat.changes.ddl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A query text as the client sent it, cut into its statements at the semicolons that end them: not inside a string
 * ({@code '…'}, {@code E'…'}), a quoted name ({@code "…"}), a dollar-quoted body ({@code $fn$…$fn$}) or a comment
 * ({@code --}, nested {@code /* … *}{@code /}). Each statement keeps its text and the bare words it is made of (keywords
 * and unquoted names, lower case, outside strings and comments): what tells which command it is and what it calls.
 */
public final class SqlStatements {

    /** @param words the statement's bare words in order, lower case: its first is the command's first keyword */
    public record Statement(String text, List<String> words) {

        public String firstWord() {
            return words.isEmpty() ? "" : words.get(0);
        }
    }

    private SqlStatements() {
    }

    public static List<Statement> split(String sql) {
        List<Statement> statements = new ArrayList<>();
        List<String> words = new ArrayList<>();
        int start = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = blockCommentEnd(sql, i);
            } else if (c == '\'') {
                boolean escapes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
                        && (i < 2 || !Character.isLetterOrDigit(sql.charAt(i - 2)));
                i = quotedEnd(sql, i, '\'', escapes);
            } else if (c == '"') {
                i = quotedEnd(sql, i, '"', false);
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int end = sql.indexOf(tag, i + tag.length());
                i = end < 0 ? n : end + tag.length();
            } else if (c == ';') {
                add(statements, sql.substring(start, i), words);
                words = new ArrayList<>();
                start = ++i;
            } else if (Character.isLetter(c) || c == '_') {
                int end = i;
                while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_' || sql.charAt(end) == '$')) {
                    end++;
                }
                if (end < n && sql.charAt(end) == '\'' && end - i == 1 && (c == 'E' || c == 'e')) {
                    i = end; // E'…': the string follows
                    continue;
                }
                words.add(sql.substring(i, end).toLowerCase(Locale.ROOT));
                i = end;
            } else {
                i++;
            }
        }
        add(statements, sql.substring(start), words);
        return statements;
    }

    private static void add(List<Statement> statements, String text, List<String> words) {
        if (!words.isEmpty()) {
            statements.add(new Statement(text.strip(), List.copyOf(words)));
        }
    }

    private static int blockCommentEnd(String sql, int i) {
        int depth = 0;
        int n = sql.length();
        while (i < n) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    /** Past the closing quote; a doubled quote is one character, and with {@code escapes} a backslash escapes the next. */
    private static int quotedEnd(String sql, int i, char quote, boolean escapes) {
        int n = sql.length();
        i++;
        while (i < n) {
            char c = sql.charAt(i);
            if (escapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < n && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    /** {@code $$} or {@code $tag$} starting at {@code i}, or null ({@code $1} is a parameter, not a quote). */
    private static String dollarTag(String sql, int i) {
        if (i > 0 && (Character.isLetterOrDigit(sql.charAt(i - 1)) || sql.charAt(i - 1) == '_')) {
            return null; // part of a name such as a$b
        }
        int end = i + 1;
        while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
            if (end == i + 1 && Character.isDigit(sql.charAt(end))) {
                return null;
            }
            end++;
        }
        return end < sql.length() && sql.charAt(end) == '$' ? sql.substring(i, end + 1) : null;
    }
}
