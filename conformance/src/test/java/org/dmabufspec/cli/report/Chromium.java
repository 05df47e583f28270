package org.dmabufspec.cli.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's headless Chromium for the report's browser tests. When {@code /usr/bin/chromium} is
 * missing and the tests run as root (CI, a fresh machine of this project), it is installed with
 * apt-get; anywhere else the tests fail with what to do, they do not skip.
 * {@code DMABUF_CHROMIUM} names another binary.
 */
final class Chromium {
    static final Path DEBIAN = Path.of("/usr/bin/chromium");
    private static Path found;

    private Chromium() {
    }

    static synchronized Path executable() {
        if (found != null) {
            return found;
        }
        String override = System.getenv("DMABUF_CHROMIUM");
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override);
            if (!Files.isExecutable(p)) {
                throw new AssertionError("DMABUF_CHROMIUM=" + override + " is not an executable file");
            }
            return found = p;
        }
        if (Files.isExecutable(DEBIAN)) {
            return found = DEBIAN;
        }
        if (!isRoot()) {
            throw new AssertionError("the report's browser tests need headless Chromium: " + DEBIAN + " is missing and"
                    + " these tests are not running as root, so they cannot install it; run `sudo apt-get install -y chromium`"
                    + " (Debian's package) or set DMABUF_CHROMIUM to a Chromium binary");
        }
        String update = run(List.of("apt-get", "update", "-q"));
        String install = run(List.of("apt-get", "install", "-y", "-q", "chromium"));
        if (!Files.isExecutable(DEBIAN)) {
            throw new AssertionError("the report's browser tests need headless Chromium: " + DEBIAN + " is missing and"
                    + " `apt-get install -y chromium` did not install it.\napt-get update said:\n" + tail(update)
                    + "\napt-get install said:\n" + tail(install));
        }
        return found = DEBIAN;
    }

    private static boolean isRoot() {
        try {
            return Files.readString(Path.of("/proc/self/status")).lines()
                    .filter(l -> l.startsWith("Uid:")).anyMatch(l -> l.split("\\s+")[1].equals("0"));
        } catch (IOException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static String run(List<String> cmd) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            env.put("DEBIAN_FRONTEND", "noninteractive");
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return "exit " + p.waitFor() + "\n" + out;
        } catch (IOException e) {
            return "could not run " + cmd + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static String tail(String s) {
        List<String> lines = s.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }
}
