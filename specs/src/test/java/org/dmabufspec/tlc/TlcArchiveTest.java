package org.dmabufspec.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The forked TLC JVMs' class-data-sharing archive: a broken or impossible archive never fails a run. */
class TlcArchiveTest {
    private static final RunOptions OPTS = RunOptions.defaults().withWorkers(1).withTimeout(Duration.ofMinutes(2));

    @TempDir
    Path dir;

    private static TlcResult counter(TlcArchive archive) {
        ModelRunner runner = new ModelRunner(TlcClasspath.locate(), Optional.of(archive));
        return runner.run(Fixtures.DIR, "Counter.tla", "Counter_ok.cfg", OPTS, p -> { });
    }

    @Test
    void aTruncatedArchiveIsReplacedByAVerifiedOneAndTheRunUsesIt() throws Exception {
        Path file = dir.resolve("tlc.jsa");
        // a truncated archive crashes the JVM that maps it (SIGBUS): it must never reach a TLC run
        Files.write(file, new byte[4096]);
        TlcArchive archive = TlcArchive.at(file, TlcClasspath.locate());
        List<String> flags = archive.jvmFlags();
        assertTrue(flags.contains("-XX:SharedArchiveFile=" + file.toAbsolutePath()), flags.toString());
        assertTrue(Files.size(file) > 100_000, "archive of " + Files.size(file) + " bytes");
        TlcResult r = counter(archive);
        assertEquals(new Verdict.Ok(), r.verdict(), r.output());
        assertEquals(16, r.distinctStates());
        assertFalse(r.output().contains("[cds]"), r.output());
        try (var s = Files.list(dir)) {
            assertEquals(List.of(file), s.toList(), "no partial archive left behind");
        }
    }

    @Test
    void anArchiveThatCannotBeWrittenMeansRunsWithoutOne() throws Exception {
        Path notADir = Files.writeString(dir.resolve("plain-file"), "x");
        TlcArchive archive = TlcArchive.at(notADir.resolve("tlc.jsa"), TlcClasspath.locate());
        assertEquals(List.of(), archive.jvmFlags());
        TlcResult r = counter(archive);
        assertEquals(new Verdict.Ok(), r.verdict(), r.output());
        assertEquals(16, r.distinctStates());
    }
}
