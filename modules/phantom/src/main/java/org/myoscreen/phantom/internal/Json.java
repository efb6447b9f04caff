package org.myoscreen.phantom.internal;

import java.util.Locale;

/** A tiny JSON writer (objects, arrays, strings, numbers, null) with two-space indentation. */
public final class Json {

    private final StringBuilder sb = new StringBuilder();
    private int depth;
    private boolean first = true;

    /** Opens an object (as a value, or the root). */
    public Json beginObject() {
        value("{");
        depth++;
        first = true;
        return this;
    }

    /** Closes an object. */
    public Json endObject() {
        depth--;
        if (!first) {
            newline();
        }
        sb.append('}');
        first = false;
        return this;
    }

    /** Opens an array value. */
    public Json beginArray() {
        value("[");
        depth++;
        first = true;
        return this;
    }

    /** Closes an array. */
    public Json endArray() {
        depth--;
        if (!first) {
            newline();
        }
        sb.append(']');
        first = false;
        return this;
    }

    /** Writes a member name; the next call writes its value. */
    public Json name(String name) {
        separator();
        sb.append(quote(name)).append(": ");
        pendingName = true;
        return this;
    }

    private boolean pendingName;

    /** A string value. */
    public Json string(String v) {
        return value(quote(v));
    }

    /** A number rounded to {@code decimals} places, or null when not finite. */
    public Json number(double v, int decimals) {
        if (!Double.isFinite(v)) {
            return value("null");
        }
        return value(String.format(Locale.ROOT, "%." + decimals + "f", v));
    }

    /** An integer value. */
    public Json number(long v) {
        return value(Long.toString(v));
    }

    /** A boolean value. */
    public Json bool(boolean v) {
        return value(Boolean.toString(v));
    }

    /** A null value. */
    public Json nullValue() {
        return value("null");
    }

    private Json value(String text) {
        if (pendingName) {
            pendingName = false;
        } else if (depth > 0) {
            separator();
        }
        sb.append(text);
        first = false;
        return this;
    }

    private void separator() {
        if (!first) {
            sb.append(',');
        }
        newline();
        first = false;
    }

    private void newline() {
        sb.append('\n');
        sb.append("  ".repeat(Math.max(0, depth)));
    }

    /** The document. */
    @Override
    public String toString() {
        return sb.toString() + "\n";
    }

    static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
