package org.dmabufspec.conformance;

/**
 * What the conformance module's test classes share while they run two at a time (JUnit's class-level
 * parallelism, configured in this module's pom; docs/benchmarks.md). A class that uses one of these
 * says so with {@code @ResourceLock}, and JUnit never runs two classes holding the same lock at once:
 * <ul>
 * <li>{@code Resources.SYSTEM_OUT} and {@code SYSTEM_ERR}: a class that runs the {@code dmabuf} command
 * line (which prints to, or is captured from, System.out and System.err) holds both exclusively; a class
 * that only prints its figures holds SYSTEM_OUT for reading, so no capture ever sees its lines;</li>
 * <li>{@link #NATIVE_HOST}: the native harness scripts, qemu, apt and Chromium on the host;</li>
 * <li>a class that measures the whole JVM (its open files) is {@code @Isolated}.</li>
 * </ul>
 */
public final class TestResources {
    /**
     * The host tools behind the native tests: the VM runs (qemu, the shared kernel cache), the native
     * scripts and the apt they may call, and Chromium for the report. One class at a time: two VMs booting
     * at once on two cores, or two apt runs, would only make each slower or fail on apt's lock.
     */
    public static final String NATIVE_HOST = "dmabuf.native-host";

    private TestResources() {
    }
}
