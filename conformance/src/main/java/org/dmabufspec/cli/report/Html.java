package org.dmabufspec.cli.report;

/** Escaping for HTML text, attribute values and inline SVG. */
public final class Html {
    private Html() {
    }

    public static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A string usable as an id or file name: letters, digits, '-', '_' and '.' kept, the rest '_'. */
    public static String slug(String s) {
        return s.replaceAll("[^A-Za-z0-9_.-]", "_");
    }
}
