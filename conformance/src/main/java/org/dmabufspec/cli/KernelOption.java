package org.dmabufspec.cli;

import org.dmabufspec.trace.KernelBehaviour;
import picocli.CommandLine.Option;

/** {@code --kernel}: the kernel behaviour the reference implementation follows ({@code simulate}, {@code bench refimpl}). */
public final class KernelOption {
    @Option(names = "--kernel", defaultValue = "6.15",
            description = "behaviour label (6.1, 6.2, 6.15, 7.1) or a release such as 6.12. Default: ${DEFAULT-VALUE}")
    String kernel;

    /** The behaviour named, with CONFIG_DMABUF_MOVE_NOTIFY as given; IllegalArgumentException for an unknown one. */
    KernelBehaviour behaviour(boolean moveNotify) {
        return KernelBehaviour.parse(kernel, moveNotify);
    }
}
