package org.dmabufspec.tlc;

import java.util.List;
import java.util.Optional;

/**
 * One manifest entry.
 *
 * @param jit  the manifest's {@code jit:} choice; empty means the tier's ({@link RunOptions.Jit#forTier})
 * @param line the 1-based line of the entry in the manifest, for error messages
 */
public record Model(String name, String module, String cfg, String demonstrates, Expectation expect, Tier tier,
                    Optional<Measured> measured, List<String> options, List<String> actors,
                    Optional<RunOptions.Jit> jit, int line) {
    public Model {
        options = List.copyOf(options);
        actors = List.copyOf(actors);
        java.util.Objects.requireNonNull(jit, "jit");
    }

    /** An entry without a {@code jit:} field. */
    public Model(String name, String module, String cfg, String demonstrates, Expectation expect, Tier tier,
                 Optional<Measured> measured, List<String> options, List<String> actors, int line) {
        this(name, module, cfg, demonstrates, expect, tier, measured, options, actors, Optional.empty(), line);
    }

    /** The module name without {@code .tla}, as TLA+ refers to it. */
    public String moduleName() {
        return module.replaceFirst("\\.tla$", "");
    }
}
