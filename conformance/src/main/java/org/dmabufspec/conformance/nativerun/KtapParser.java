package org.dmabufspec.conformance.nativerun;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads KTAP (kselftest's TAP 13 dialect) out of a console log. Kernel messages and /init
 * lines interleave with it on a serial console, so lines that are not KTAP are ignored,
 * and carriage returns from the tty are dropped.
 */
public final class KtapParser {
    private static final Pattern VERSION = Pattern.compile("^(TAP|KTAP) version \\d+$");
    private static final Pattern PLAN = Pattern.compile("^1\\.\\.(\\d+)$");
    private static final Pattern RESULT = Pattern.compile("^(not )?ok (\\d+) ([^#]*?)\\s*(?:#\\s*(.*))?$");

    private KtapParser() {
    }

    public static KtapReport parse(String console) throws KtapFormatException {
        String[] raw = console.replace("\r", "").split("\n", -1);
        int versionLine = -1;
        int planned = -1;
        List<KtapResult> results = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < raw.length; i++) {
            String l = raw[i];
            int n = i + 1;
            if (VERSION.matcher(l).matches()) {
                if (versionLine > 0) {
                    throw new KtapFormatException(n, "a second KTAP version line (two harness runs in one log)");
                }
                versionLine = n;
                lines.add(l);
                continue;
            }
            if (versionLine < 0) {
                continue;
            }
            Matcher p = PLAN.matcher(l);
            if (p.matches() && planned < 0) {
                planned = Integer.parseInt(p.group(1));
                lines.add(l);
                continue;
            }
            Matcher r = RESULT.matcher(l);
            if (r.matches()) {
                if (planned < 0) {
                    throw new KtapFormatException(n, "a result before the plan line 1..N");
                }
                int number = Integer.parseInt(r.group(2));
                if (number != results.size() + 1) {
                    throw new KtapFormatException(n, "test number " + number + " where " + (results.size() + 1) + " was due");
                }
                String directive = r.group(4);
                String skip = null;
                if (directive != null && directive.regionMatches(true, 0, "SKIP", 0, 4)) {
                    skip = directive.substring(4).trim();
                }
                results.add(new KtapResult(number, r.group(3).trim(), r.group(1) == null, skip));
                lines.add(l);
                continue;
            }
            if (l.startsWith("#")) {
                lines.add(l);
            }
        }
        if (versionLine < 0) {
            throw new KtapFormatException(raw.length, "no 'TAP version' line: the harness never started");
        }
        if (planned < 0) {
            throw new KtapFormatException(raw.length, "no plan line 1..N after the version line");
        }
        return new KtapReport(planned, results, lines);
    }
}
