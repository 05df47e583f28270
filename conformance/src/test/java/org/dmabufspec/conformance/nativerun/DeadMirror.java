package org.dmabufspec.conformance.nativerun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The environment of a native script run without a route to the Debian archive: the mirror is a
 * dead local port, and apt does not retry (its default backoff makes each failed update take about
 * 7 s of waiting, the same failure in the end).
 */
public final class DeadMirror {
    public static final String URL = "http://127.0.0.1:9/debian";
    private static Path aptConfig;

    private DeadMirror() {
    }

    public static synchronized void apply(Map<String, String> env) {
        if (aptConfig == null) {
            try {
                aptConfig = Files.createTempFile("apt-no-retries", ".conf");
                Files.writeString(aptConfig, "Acquire::Retries \"0\";\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            aptConfig.toFile().deleteOnExit();
        }
        env.put("DMABUF_DEBIAN_MIRROR", URL);
        env.put("APT_CONFIG", aptConfig.toString());
    }
}
