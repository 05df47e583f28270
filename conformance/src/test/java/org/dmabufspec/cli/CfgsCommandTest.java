package org.dmabufspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** {@code dmabuf cfgs}: names a cfg that differs from its manifest entry; {@code --write} rewrites it. */
@ResourceLock(Resources.SYSTEM_OUT)
@ResourceLock(Resources.SYSTEM_ERR)
class CfgsCommandTest {
    private static final String MANIFEST = """
            families:
              Counter:
                cfg: |
                  CONSTANTS
                      Max = 3
                  SPECIFICATION Spec
                  INVARIANT TypeOK
            models:
              - name: CounterSmall
                module: Counter.tla
                cfg: Counter_small.cfg
                family: Counter
                comment: |
                  Expected: invariant Small.
                constants: |
                  Max = 5
                add_invariants: [Small]
                demonstrates: Small breaks
                expect: invariant Small
                tier: default
            """;

    @Test
    void aStaleCfgIsNamedAndWriteRegeneratesIt(@TempDir Path tmp) throws Exception {
        Path tla = Files.createDirectories(tmp.resolve("tla"));
        Files.writeString(tmp.resolve("models.yaml"), MANIFEST);
        Files.writeString(tla.resolve("Counter_small.cfg"), "CONSTANTS Max = 3\nSPECIFICATION Spec\n");

        CliRun stale = CliRun.withPicocliWriters("cfgs", "--specs", tmp.toString());
        assertEquals(1, stale.exit(), stale.out() + stale.err());
        assertTrue(stale.out().contains("tla/Counter_small.cfg:1: differs from its entry in specs/models.yaml"), stale.out());
        assertTrue(stale.out().contains("1 cfgs, 1 differ (rewrite them with ./dmabuf cfgs --write)"), stale.out());

        CliRun write = CliRun.withPicocliWriters("cfgs", "--specs", tmp.toString(), "--write");
        assertEquals(0, write.exit(), write.out() + write.err());
        assertEquals("""
                \\* Generated from specs/models.yaml (entry CounterSmall, family Counter) by `./dmabuf cfgs --write`: edit the manifest, not this file.
                \\* Expected: invariant Small.
                CONSTANTS
                    Max = 5

                SPECIFICATION Spec
                INVARIANT
                    TypeOK
                    Small
                """, Files.readString(tla.resolve("Counter_small.cfg")));
        assertEquals(0, CliRun.withPicocliWriters("cfgs", "--specs", tmp.toString()).exit());
    }

    @Test
    void aBadDescriptionExitsTwoNamingLineAndField(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("tla"));
        Files.writeString(tmp.resolve("models.yaml"), MANIFEST.replace("family: Counter", "family: Countr"));
        CliRun r = CliRun.withPicocliWriters("cfgs", "--specs", tmp.toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("models.yaml:9: entry 'CounterSmall': field 'family': unknown family 'Countr'"), r.err());
    }
}
