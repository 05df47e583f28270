package org.dmabufspec.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.dmabufspec.tlc.Manifest;
import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.Tier;

/** Picks models by name or tier; an unknown name lists the known ones. */
final class ModelSelection {
    private ModelSelection() {
    }

    static List<Model> select(Manifest manifest, List<String> names, String tier) {
        if (names != null && !names.isEmpty()) {
            List<Model> out = new ArrayList<>();
            for (String n : names) {
                out.add(byName(manifest, n));
            }
            return out;
        }
        return switch (tier) {
            case "default" -> manifest.tier(Tier.DEFAULT);
            case "deep" -> manifest.tier(Tier.DEEP);
            case "all" -> manifest.models();
            default -> throw new UserError("--tier must be default, deep or all, not '" + tier + "'");
        };
    }

    static Model byName(Manifest manifest, String name) {
        return manifest.model(name).orElseThrow(() -> new UserError("unknown model '" + name + "' in "
                + manifest.file() + "; known models:\n" + known(manifest)));
    }

    private static String known(Manifest manifest) {
        if (manifest.models().isEmpty()) {
            return "  (none: the manifest has no entries)";
        }
        return manifest.models().stream()
                .map(m -> String.format("  %-32s %-8s %s", m.name(), m.tier().text(), m.expect().text()))
                .collect(Collectors.joining("\n"));
    }
}
