package org.dmabufspec.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.dmabufspec.tlc.CfgGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dmabuf cfgs}: the TLC cfgs of specs/tla, generated from the manifest's families and entries. */
@Command(name = "cfgs", mixinStandardHelpOptions = true,
        description = {"Check, or with --write rewrite, the cfgs of specs/tla generated from specs/models.yaml.",
                "Each model's cfg is its family's cfg body edited by its entry's fields (docs/model-checking.md,"
                        + " The cfg of a model).",
                "Exit 0: every cfg is as generated; 1: some differ (each named with its first differing line); 2: bad manifest."})
public final class CfgsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SpecsOptions specs;

    @Option(names = "--write", description = "Write the cfgs that differ (and new ones) instead of only naming them.")
    boolean write;

    @Override
    public Integer call() throws IOException {
        return UserErrors.guard(spec, this::run);
    }

    private int run() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path file = specs.manifest != null ? specs.manifest : specs.specsDir().resolve("models.yaml");
        Path tla = file.toAbsolutePath().getParent().resolve("tla");
        List<CfgGenerator.Generated> generated = CfgGenerator.generate(file);
        if (write) {
            List<String> written = CfgGenerator.write(generated, tla);
            written.forEach(c -> out.println("wrote tla/" + c));
            out.println(generated.size() + " cfgs, " + written.size() + " written");
            out.flush();
            return 0;
        }
        List<CfgGenerator.Stale> stale = CfgGenerator.check(generated, tla);
        stale.forEach(s -> out.println(s.message()));
        out.println(generated.size() + " cfgs, " + stale.size() + " differ"
                + (stale.isEmpty() ? "" : " (rewrite them with ./dmabuf cfgs --write)"));
        out.flush();
        return stale.isEmpty() ? 0 : 1;
    }
}
