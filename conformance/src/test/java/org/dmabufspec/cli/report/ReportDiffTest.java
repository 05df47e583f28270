package org.dmabufspec.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dmabufspec.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** {@code dmabuf report --diff BASE} on a throw-away git repository holding the CLI test specs. */
@ResourceLock(Resources.SYSTEM_OUT)
@ResourceLock(Resources.SYSTEM_ERR)
class ReportDiffTest {
    private static final Path FIXTURE = Path.of("src/test/resources/cli-specs");

    @TempDir
    Path tmp;

    @Test
    void specChangeThatGrowsOneModelAndFixesAnotherIsListedAgainstHead() throws Exception {
        Path repo = tmp.resolve("repo");
        Path specs = repo.resolve("specs");
        copyTree(FIXTURE, specs);
        git(repo, "init", "-q");
        git(repo, "add", ".");
        git(repo, "-c", "user.name=report test", "-c", "user.email=report@test", "commit", "-q", "-m", "base");
        // The working tree: CounterOk counts to 4 instead of 3, and Small no longer breaks.
        Path ok = specs.resolve("tla/Counter_ok.cfg");
        Files.writeString(ok, Files.readString(ok).replace("Max = 3", "Max = 4"));
        Path counter = specs.resolve("tla/Counter.tla");
        Files.writeString(counter, Files.readString(counter).replace("Small == x < 2", "Small == x < 9"));

        Path out = tmp.resolve("site");
        CliRun r = CliRun.withPicocliWriters("report", "--specs", specs.toString(), "--workers", "1", "--diff", "HEAD",
                "CounterOk", "CounterSmall", "--out", out.toString());
        // CounterSmall now passes although the manifest expects the violation: not as expected, exit 1.
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("spec diff against HEAD: 2 of 2 model(s) changed verdict or size"), r.out());
        assertTrue(r.out().matches("(?s).*CounterOk\\s+size changed\\s+ok, 16 states, depth 6 -> ok, 20 states, depth 7.*"), r.out());
        assertTrue(r.out().matches("(?s).*CounterSmall\\s+verdict changed\\s+invariant Small, .* -> ok, .*"), r.out());
        String page = Files.readString(out.resolve("diff.html"));
        assertTrue(page.contains("2 of 2 model(s) changed verdict or size"), page);
        assertTrue(Files.readString(out.resolve("index.html")).contains("href=\"diff.html\""));
        // The working tree is untouched by the base checkout.
        assertTrue(Files.readString(counter).contains("Small == x < 9"));
    }

    @Test
    void unknownRevisionIsAUsageErrorNamingIt() throws Exception {
        Path repo = tmp.resolve("repo");
        copyTree(FIXTURE, repo.resolve("specs"));
        git(repo, "init", "-q");
        CliRun r = CliRun.withPicocliWriters("report", "--specs", repo.resolve("specs").toString(), "--diff", "no-such-rev",
                "CounterOk", "--workers", "1", "--out", tmp.resolve("site").toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("git archive no-such-rev of specs failed"), r.err());
    }

    private static void git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        Files.createDirectories(dir);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
