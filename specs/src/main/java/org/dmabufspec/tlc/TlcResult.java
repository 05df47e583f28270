package org.dmabufspec.tlc;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The outcome of one model check.
 *
 * @param exitCode TLC's exit code, or -1 when the harness killed it
 * @param output   TLC's full output, kept for reports and for re-parsing in tests
 */
public record TlcResult(Verdict verdict, long statesGenerated, long distinctStates, OptionalLong depth,
                        Duration duration, Optional<Counterexample> counterexample, int exitCode,
                        String output) {

    /** The forked JVM's CPU time (user + system), when the run printed it: see {@link TlcMain}. */
    public Optional<Duration> cpuTime() {
        return TlcMain.cpuTime(output);
    }

    public TlcResult withDuration(Duration d) {
        return new TlcResult(verdict, statesGenerated, distinctStates, depth, d, counterexample, exitCode, output);
    }

    public TlcResult withVerdict(Verdict v) {
        return new TlcResult(v, statesGenerated, distinctStates, depth, duration, counterexample, exitCode, output);
    }
}
