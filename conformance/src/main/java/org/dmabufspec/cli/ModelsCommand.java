package org.dmabufspec.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dmabufspec.tlc.Manifest;
import org.dmabufspec.tlc.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dmabuf models}: list the manifest, or print README's model table from it. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the models of specs/models.yaml (with --markdown: the model table README.md shows).")
public final class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SpecsOptions specs;

    @Option(names = "--markdown", description = "Print a Markdown table for README.md.")
    boolean markdown;

    @Override
    public Integer call() throws IOException {
        return UserErrors.guard(spec, this::list);
    }

    private int list() {
        PrintWriter out = spec.commandLine().getOut();
        Manifest manifest = specs.load();
        if (markdown) {
            out.println("| Model | Module | Demonstrates | Expected | Tier | Distinct states | Seconds |");
            out.println("|---|---|---|---|---|---:|---:|");
            for (Model m : manifest.models()) {
                out.println("| `" + m.name() + "` | `" + m.module() + "` | " + m.demonstrates().replace("|", "\\|")
                        + " | " + m.expect().text() + " | " + m.tier().text() + " | "
                        + m.measured().map(x -> String.format(Locale.ROOT, "%,d", x.distinct())).orElse("-") + " | "
                        + m.measured().map(x -> String.format(Locale.ROOT, "%.1f", x.seconds())).orElse("-") + " |");
            }
        } else {
            for (Model m : manifest.models()) {
                out.println(String.format("%-32s %-8s %-36s %s", m.name(), m.tier().text(), m.expect().text(), m.demonstrates()));
            }
        }
        out.flush();
        return 0;
    }
}
