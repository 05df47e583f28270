package org.dmabufspec.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dmabufspec.tlc.Manifest;
import org.dmabufspec.tlc.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dmabuf models}: list the manifest, or generate docs/models.md from it. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the models of specs/models.yaml (with --markdown: the page docs/models.md).")
public final class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SpecsOptions specs;

    @Option(names = "--markdown", description = "Print the Markdown page docs/models.md (generated, never edited by hand).")
    boolean markdown;

    @Option(names = "--out", paramLabel = "FILE",
            description = "With --markdown: write the page to FILE instead of printing it (./dmabuf models --markdown --out docs/models.md).")
    Path outFile;

    @Override
    public Integer call() throws IOException {
        return UserErrors.guard(spec, this::list);
    }

    private int list() {
        PrintWriter out = spec.commandLine().getOut();
        Manifest manifest = specs.load();
        if (outFile != null && !markdown) {
            throw new UserError("--out needs --markdown");
        }
        if (markdown) {
            String page = page(manifest);
            if (outFile == null) {
                out.print(page);
            } else {
                try {
                    Files.writeString(outFile, page, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UserError("cannot write " + outFile + ": " + e.getMessage());
                }
            }
        } else {
            for (Model m : manifest.models()) {
                out.println(String.format("%-32s %-8s %-36s %s", m.name(), m.tier().text(), m.expect().text(), m.demonstrates()));
            }
        }
        out.flush();
        return 0;
    }

    /** docs/models.md: one row per manifest entry; '\n' line ends whatever the platform. */
    static String page(Manifest manifest) {
        StringBuilder b = new StringBuilder();
        b.append("# Models\n\n");
        b.append("<!-- Generated from specs/models.yaml by `./dmabuf models --markdown --out docs/models.md`;"
                + " do not edit. ModelsDocTest fails when this page and the manifest differ. -->\n\n");
        b.append("Every model of `specs/models.yaml`, in manifest order: what it demonstrates, the verdict TLC must"
                + " give (`ok`, or exactly the violation the model exists to show), its tier, and the size and time"
                + " last recorded by `./dmabuf check --record` (one run on the recorder's machine: read the seconds"
                + " as an order of magnitude). Rule ids (R3, F13, U1, B12, ...) are explained in [rules.md](rules.md);"
                + " the spec modules in [architecture.md](architecture.md).\n\n");
        b.append("| Model | Module | Demonstrates | Expected | Tier | Distinct states | Seconds |\n");
        b.append("|---|---|---|---|---|---:|---:|\n");
        for (Model m : manifest.models()) {
            b.append("| `").append(m.name()).append("` | `").append(m.module()).append("` | ")
                    .append(m.demonstrates().replace("|", "\\|")).append(" | ").append(m.expect().text())
                    .append(" | ").append(m.tier().text()).append(" | ")
                    .append(m.measured().map(x -> String.format(Locale.ROOT, "%,d", x.distinct())).orElse("-"))
                    .append(" | ")
                    .append(m.measured().map(x -> String.format(Locale.ROOT, "%.1f", x.seconds())).orElse("-"))
                    .append(" |\n");
        }
        return b.toString();
    }
}
