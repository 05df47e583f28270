package org.dmabufspec.conformance.nativerun;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds {@code conformance/native} (scripts and harness sources) from the working directory or the jar. */
public final class NativeDir {
    private NativeDir() {
    }

    public static Path locate() throws NativeRunException {
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of("").toAbsolutePath());
        try {
            starts.add(Path.of(NativeDir.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // only the working directory then
        }
        for (Path s : starts) {
            for (Path p = s; p != null; p = p.getParent()) {
                for (Path c : List.of(p.resolve("conformance/native"), p.resolve("native"))) {
                    if (Files.isRegularFile(c.resolve("vm/run-vm.sh"))) {
                        return c;
                    }
                }
            }
        }
        throw new NativeRunException("cannot find conformance/native/vm/run-vm.sh from " + starts
                + ": run from the dmabuf-spec checkout or pass --native-dir");
    }
}
