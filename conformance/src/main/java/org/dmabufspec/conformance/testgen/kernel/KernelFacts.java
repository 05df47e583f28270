package org.dmabufspec.conformance.testgen.kernel;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dmabufspec.conformance.testgen.GeneratedTest;
import org.dmabufspec.conformance.testgen.KernelCall;

/**
 * What the VM's kernel is, as far as picking dma_buf_attach tests goes: its release, the
 * behaviour label the kernel module derives from it (as {@code behaviour()} in
 * dmabuf_conformance.c: 6.1, 6.2 for 6.2-6.14, 6.15 for 6.15-7.0, 7.1) and
 * CONFIG_DMABUF_MOVE_NOTIFY. A test of another behaviour cannot run there: the module would
 * make the calls, but the kernel's answers are another version's.
 */
public record KernelFacts(String release, String behaviour, boolean moveNotify) {
    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)");

    /** From {@code run-vm.sh --kernel-facts}'s output ({@code abi=...}, {@code move_notify=y|n}). */
    public static KernelFacts parse(String text) {
        String abi = null;
        Boolean mn = null;
        for (String l : text.split("\n")) {
            l = l.strip();
            if (l.startsWith("abi=")) {
                abi = l.substring(4);
            } else if (l.startsWith("move_notify=")) {
                mn = l.substring(12).equals("y");
            }
        }
        if (abi == null || mn == null) {
            throw new IllegalArgumentException("run-vm.sh --kernel-facts printed no abi= and move_notify= lines: " + text.strip());
        }
        return new KernelFacts(abi, behaviourOf(abi), mn);
    }

    static String behaviourOf(String release) {
        Matcher m = VERSION.matcher(release);
        if (!m.find()) {
            throw new IllegalArgumentException("kernel release '" + release + "' does not start with MAJOR.MINOR");
        }
        int v = Integer.parseInt(m.group(1)) * 1000 + Integer.parseInt(m.group(2));
        return v < 6002 ? "6.1" : v < 6015 ? "6.2" : v < 7001 ? "6.15" : "7.1";
    }

    /** Why a dma_buf_attach test cannot run on this kernel, if it cannot (other tests: always empty). */
    public Optional<String> whyNot(GeneratedTest t) {
        KernelCall k = t.setup().stream().filter(c -> c.op().equals("kernel")).findFirst().orElse(null);
        if (k == null) {
            return Optional.empty();
        }
        String b = k.args().get("behaviour");
        boolean mn = Boolean.parseBoolean(k.args().get("move_notify"));
        // CONFIG_DMABUF_MOVE_NOTIFY changes only what the core does for a dynamic exporter
        boolean dynamicExporter = t.setup().stream().anyMatch(c -> c.op().equals("dma_buf_export")
                && "vram".equals(c.args().get("exporter")));
        if (!behaviour.equals(b) || dynamicExporter && mn != moveNotify) {
            return Optional.of("the VM's kernel " + release + " has behaviour " + behaviour + " with CONFIG_DMABUF_MOVE_NOTIFY="
                    + (moveNotify ? "y" : "n") + "; the model is " + b + (dynamicExporter ? " with MOVE_NOTIFY=" + (mn ? "y" : "n")
                    : ""));
        }
        return Optional.empty();
    }
}
