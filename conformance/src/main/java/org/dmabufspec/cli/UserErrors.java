package org.dmabufspec.cli;

import java.io.IOException;
import java.io.PrintWriter;
import org.dmabufspec.tlc.ManifestException;
import picocli.CommandLine.Model.CommandSpec;

/** Prints a bad manifest or bad argument as a plain message with exit code 2, not a stack trace. */
final class UserErrors {
    static final int EXIT_USAGE = 2;

    interface Body {
        int run() throws IOException;
    }

    private UserErrors() {
    }

    static int guard(CommandSpec spec, Body body) throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return body.run();
        } catch (UserError | IllegalArgumentException e) { // bad option values (e.g. --workers 0) land here too
            err.println("dmabuf " + spec.name() + ": " + e.getMessage());
        } catch (ManifestException e) {
            err.println("dmabuf " + spec.name() + ": invalid manifest:");
            e.problems().forEach(p -> err.println("  " + p));
        }
        err.flush();
        return EXIT_USAGE;
    }
}
