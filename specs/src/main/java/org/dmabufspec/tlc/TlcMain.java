package org.dmabufspec.tlc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The forked TLC JVM's main class: runs {@code tlc2.TLC} and, when the JVM exits, prints one line with
 * the process's CPU time (user + system, every thread). On a shared machine the wall time of a run
 * says more about the load than about the model; the CPU time is what benchmarks compare.
 */
public final class TlcMain {
    static final String MARKER = "dmabuf-tlc-cpu-ms: ";
    private static final Pattern LINE = Pattern.compile("(?m)^" + Pattern.quote(MARKER) + "(\\d+)$");
    /** USER_HZ, the unit of /proc/self/stat's times: 100 on every Linux architecture Java runs on. */
    private static final long TICKS_PER_SECOND = 100;

    private TlcMain() {
    }

    public static void main(String[] args) throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ownCpuMillis().ifPresent(ms -> {
            System.out.println(MARKER + ms);
            System.out.flush();
        })));
        tlc2.TLC.main(args);
    }

    /** The CPU time {@link #main} printed in {@code output}, if it did (not on a killed run or off Linux). */
    public static Optional<Duration> cpuTime(String output) {
        Matcher m = LINE.matcher(output);
        Optional<Duration> last = Optional.empty();
        while (m.find()) {
            last = Optional.of(Duration.ofMillis(Long.parseLong(m.group(1))));
        }
        return last;
    }

    /** utime + stime of /proc/self/stat; read there rather than through JMX, whose classes cost more to load. */
    static Optional<Long> ownCpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // fields after the command name, which is in parentheses and may contain spaces
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of proc(5)
            return Optional.of(ticks * 1000 / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
