package org.backsync.cli;

import java.util.List;

/** Lays out {@code --help} text as picocli did: 80 columns, a two-column table of names and descriptions. */
final class HelpText {
    /** Lines of at most 80 columns. */
    static final int WIDTH = 80;

    private static final int MAX_NAME_COLUMN = 24;

    private HelpText() {}

    /** {@code text} wrapped at {@link #WIDTH} columns on spaces, continuation lines indented by {@code indent}. */
    static String wrap(String text, int indent) {
        int lead = 0;
        while (lead < text.length() && text.charAt(lead) == ' ') {
            lead++;
        }
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder(text.substring(0, lead));
        int lineIndent = lead;
        for (String word : text.substring(lead).split(" ", -1)) {
            if (line.length() == lineIndent) {
                line.append(word);
            } else if (!word.isEmpty() && line.length() + 1 + word.length() > WIDTH) {
                out.append(line.toString().stripTrailing()).append('\n');
                line.setLength(0);
                line.append(" ".repeat(indent)).append(word);
                lineIndent = indent;
            } else {
                line.append(' ').append(word);
            }
        }
        return out.append(line.toString().stripTrailing()).append('\n').toString();
    }

    /**
     * Rows of {@code {name, description}}: descriptions in a column {@code gap} spaces after the longest name (up to
     * 24 characters; a longer name puts its description on the next line), wrapped with two more spaces of indent.
     */
    static String table(List<String[]> rows, int gap) {
        int column = 0;
        for (String[] r : rows) {
            if (r[0].length() + gap <= MAX_NAME_COLUMN) {
                column = Math.max(column, r[0].length() + gap);
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            String name = r[0];
            if (name.length() + gap <= column) {
                b.append(wrap(name + " ".repeat(column - name.length()) + r[1], column + 2));
            } else {
                b.append(name).append('\n').append(wrap(" ".repeat(column) + r[1], column + 2));
            }
        }
        return b.toString();
    }
}
