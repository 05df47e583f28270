package org.dmabufspec.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The text of a TLC location ({@code line L, col C to line L2, col C2 of module M}) in the specs' tla directory. */
final class SpecSource {
    private static final Pattern LOCATION = Pattern.compile(
            "^line (\\d+), col (\\d+) to line (\\d+), col (\\d+) of module (\\S+)$");
    private static final int MAX = 80;

    private final Path tlaDir;
    private final Map<String, Optional<List<String>>> modules = new HashMap<>();

    SpecSource(Path tlaDir) {
        this.tlaDir = tlaDir;
    }

    /** The expression's source on one line, shortened; empty for standard modules or unreadable files. */
    Optional<String> text(String location) {
        Matcher m = LOCATION.matcher(location);
        if (!m.find()) {
            return Optional.empty();
        }
        Optional<List<String>> lines = modules.computeIfAbsent(m.group(5), this::read);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        int line = Integer.parseInt(m.group(1));
        int col = Integer.parseInt(m.group(2));
        int endLine = Integer.parseInt(m.group(3));
        int endCol = Integer.parseInt(m.group(4));
        List<String> src = lines.get();
        if (line < 1 || line > src.size() || col < 1 || col > src.get(line - 1).length() + 1) {
            return Optional.empty();
        }
        String first = src.get(line - 1);
        String text = endLine == line
                ? first.substring(col - 1, Math.min(first.length(), endCol))
                : first.substring(col - 1) + " ...";
        text = text.strip().replaceAll("\\s+", " ");
        return Optional.of(text.length() > MAX ? text.substring(0, MAX - 3) + "..." : text);
    }

    private Optional<List<String>> read(String module) {
        try {
            return Optional.of(Files.readAllLines(tlaDir.resolve(module + ".tla")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
