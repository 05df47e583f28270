package org.dmabufspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * picocli shows the first description line of each command as its summary in {@code dmabuf --help},
 * and prints every line as given: so the first line must be a whole sentence, and no line may stop
 * mid-sentence (a paragraph is one string; picocli wraps it).
 */
@ResourceLock(Resources.SYSTEM_OUT)
@ResourceLock(Resources.SYSTEM_ERR)
class HelpTextTest {
    private static final int SUMMARY_MAX = 100;

    @Test
    void everyCommandSummaryIsOneShortSentenceAndNoDescriptionLineStopsMidSentence() {
        List<String> problems = new ArrayList<>();
        check(new CommandLine(new Main()), problems);
        assertEquals(List.of(), problems);
    }

    @Test
    void topLevelHelpListsSimulateWithItsWholeSummary() {
        CliRun r = CliRun.withPicocliWriters("--help");
        assertEquals(0, r.exit());
        String out = r.out().replaceAll("\\s+", " ");
        assertTrue(out.contains("simulate Run a random legal workload on the Java reference implementation and write its trace. bench"), r.out());
    }

    private static void check(CommandLine cmd, List<String> problems) {
        String name = cmd.getCommandSpec().qualifiedName();
        if (!name.endsWith(" help")) {
            String[] d = cmd.getCommandSpec().usageMessage().description();
            if (d.length == 0 || d[0].isBlank()) {
                problems.add(name + ": no description");
            } else {
                if (!d[0].endsWith(".") || d[0].length() > SUMMARY_MAX) {
                    problems.add(name + ": summary is not one sentence of at most " + SUMMARY_MAX + " characters: " + d[0]);
                }
                for (String line : d) {
                    if (!line.isBlank() && !line.matches("(?s).*[.:;)]$")) {
                        problems.add(name + ": description line stops mid-sentence: " + line);
                    }
                }
            }
        }
        cmd.getSubcommands().values().forEach(sub -> check(sub, problems));
    }
}
