package org.dmabufspec.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dmabufspec.cli.CliRun;
import org.dmabufspec.conformance.checker.CheckReport;
import org.dmabufspec.conformance.checker.TraceChecker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import org.dmabufspec.conformance.TestResources;

/**
 * {@code dmabuf report} as a reviewer sees it: two small models (TLC forked for real) and three
 * trace fixtures, the site opened from file:// in headless Chromium at desktop and phone width.
 * Screenshots go to {@code target/report-screenshots/} for a person to look at.
 */
@ResourceLock(TestResources.NATIVE_HOST)
@ResourceLock(Resources.SYSTEM_OUT)
@ResourceLock(Resources.SYSTEM_ERR)
class ReportBrowserTest {
    static final Path SITE = Path.of("target/report-test/site").toAbsolutePath();
    static final Path SHOTS = Path.of("target/report-screenshots").toAbsolutePath();
    static final Path TRACES = Path.of("src/test/resources/traces");
    static final Path REJECTED = TRACES.resolve("rejected/R3-map-without-lock-6.15.ndjson");
    static final Path ACCEPTED = TRACES.resolve("accepted/two-threads-attach-overlapping.ndjson");
    static final Path NATIVE = Path.of("src/test/resources/native/traces/threads__fence-vs-cpu-access.ndjson");

    static CliRun run;
    static Browser browser;

    @BeforeAll
    static void writeReportAndStartBrowser() throws IOException {
        deleteTree(SITE);
        run = CliRun.withPicocliWriters("report", "--specs", "../specs", "--workers", "1",
                "DmaBufAttach_R3MapWithoutLock", "DmaFence_ErrorAfterSignal",
                "--traces", REJECTED.toString(), ACCEPTED.toString(), NATIVE.toString(), "--out", SITE.toString());
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    static List<Path> pages() throws IOException {
        try (Stream<Path> s = Files.walk(SITE)) {
            return s.filter(p -> p.toString().endsWith(".html")).sorted().toList();
        }
    }

    @Test
    void reportOfTwoModelsAndThreeTracesExitsZeroAndWritesEveryPage() throws IOException {
        assertEquals(0, run.exit(), run.out() + run.err());
        List<String> names = pages().stream().map(p -> SITE.relativize(p).toString()).toList();
        assertEquals(List.of("index.html", "models/DmaBufAttach_R3MapWithoutLock.html", "models/DmaFence_ErrorAfterSignal.html",
                "rules.html", "traces/R3-map-without-lock-6.15.html", "traces/threads__fence-vs-cpu-access.html",
                "traces/two-threads-attach-overlapping.html"), names);
    }

    @Test
    void everyPageLoadsWithoutConsoleErrorsOrNetworkAtDesktopAndPhoneWidthAndIsScreenshot() throws IOException {
        List<String> problems = new ArrayList<>();
        for (int[] size : new int[][] {{1280, 900, 0}, {390, 844, 1}}) {
            try (Browser.Page page = browser.open(size[0], size[1], size[2] == 1)) {
                for (Path p : pages()) {
                    page.load(p);
                    String name = SITE.relativize(p).toString().replace('/', '-').replace(".html", "");
                    page.problems().forEach(x -> problems.add(name + " at " + size[0] + " px: " + x));
                    PageCheck.linkProblems(page.evaluate(PageCheck.LINKS)).forEach(x -> problems.add(name + ": " + x));
                    for (JsonNode d : page.evaluate(PageCheck.DIAGRAMS)) {
                        PageCheck.diagramProblems(d).forEach(x -> problems.add(name + " at " + size[0] + " px: " + x));
                    }
                    assertEquals(0, page.evaluate("document.scripts.length").asInt(), name + " has a script");
                    // Nothing wider than the window but the scroll boxes meant for it: the page itself never scrolls sideways.
                    assertTrue(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth").asBoolean(),
                            name + " is wider than " + size[0] + " px");
                    page.screenshot(SHOTS.resolve(name + (size[2] == 1 ? "-phone" : "-1280") + ".png"));
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void counterexampleOfR3MapWithoutLockIsSevenStepsOverImporterD1AndTheExporter() throws IOException {
        JsonNode d = diagram("models/DmaBufAttach_R3MapWithoutLock.html");
        assertEquals(List.of(), PageCheck.diagramProblems(d));
        assertEquals(7, d.path("steps").size());
        assertEquals("[\"d1\",\"exporter\"]", d.path("laneLabels").toString());
        JsonNode steps = d.path("steps");
        assertEquals("initial state", steps.get(0).path("label").asText());
        assertEquals("MapMaybeUnlocked", steps.get(5).path("label").asText());
        assertEquals("DmaBufMove", steps.get(6).path("label").asText());
        assertEquals("exporter", steps.get(6).path("from").asText());
        assertTrue(steps.get(6).path("highlighted").asBoolean());
        assertTrue(steps.get(5).path("title").asText().contains("mapping[d1] = r1"), steps.get(5).toString());
        assertEquals("[\"state 7 violates ValidMappingsCurrent\"]", d.path("notes").toString());
    }

    @Test
    void livenessCounterexampleOfErrorAfterSignalShowsTheLoop() throws IOException {
        JsonNode d = diagram("models/DmaFence_ErrorAfterSignal.html");
        assertEquals(List.of(), PageCheck.diagramProblems(d));
        // The mutant's SetErrorAnytime is a driver's call, on the importer side; the signal is the fence's.
        assertEquals("[\"importer\",\"fences\"]", d.path("laneLabels").toString());
        assertTrue(d.path("notes").toString().contains("violates ErrorOnlyBeforeSignal"), d.toString());
    }

    @Test
    void rejectedTraceDrawsTheEventsUpToTheFirstDivergentOneInRed() throws IOException {
        CheckReport r = TraceChecker.check(REJECTED);
        JsonNode d = diagram("traces/R3-map-without-lock-6.15.html");
        assertEquals(List.of(), PageCheck.diagramProblems(d));
        JsonNode steps = d.path("steps");
        assertEquals(16, steps.size());
        JsonNode last = steps.get(steps.size() - 1);
        assertTrue(last.path("highlighted").asBoolean());
        assertTrue(last.path("label").asText().startsWith(r.rejection().op()), last.toString());
        assertTrue(last.path("title").asText().contains("line = " + r.rejection().line()), last.toString());
        for (int i = 0; i < steps.size() - 1; i++) {
            assertFalse(steps.get(i).path("highlighted").asBoolean(), "only the divergent event is red");
        }
    }

    @Test
    void darkSchemeAndPrintStylesApply() throws IOException {
        Path page = SITE.resolve("models/DmaBufAttach_R3MapWithoutLock.html");
        try (Browser.Page p = browser.open(1280, 900, false)) {
            p.media("", "light");
            p.load(page);
            String light = p.evaluate("getComputedStyle(document.body).backgroundColor").asText();
            p.media("", "dark");
            String dark = p.evaluate("getComputedStyle(document.body).backgroundColor").asText();
            assertNotEquals(light, dark);
            p.screenshot(SHOTS.resolve("models-DmaBufAttach_R3MapWithoutLock-dark.png"));
            p.media("print", "");
            assertEquals("none", p.evaluate("getComputedStyle(document.querySelector('header nav')).display").asText());
            p.media("", "");
        }
    }

    @Test
    void deliberatelyBrokenDiagramsAndAMissingStylesheetAreCaught() throws IOException {
        Path broken = SITE.resolveSibling("broken");
        deleteTree(broken);
        Files.createDirectories(broken.resolve("models"));
        Files.copy(SITE.resolve("style.css"), broken.resolve("style.css"));
        String good = Files.readString(SITE.resolve("models/DmaBufAttach_R3MapWithoutLock.html"));
        // A step lost: the diagram still declares 7.
        String lost = good.replaceFirst("(?s)<a href=\"#cx-t3\"><g class=\"step\".*?</g></a>\n", "");
        assertNotEquals(good, lost);
        // A step drawn far to the right of the drawing.
        String astray = good.replaceFirst("(?s)(<g class=\"step\" id=\"cx-s6\"[^>]*>.*?<rect class=\"box\" x=\")[0-9.]+", "$15000");
        assertNotEquals(good, astray);
        // A step on a lane that is not drawn.
        String noLane = good.replaceFirst("data-step=\"2\" data-from=\"actor:d1\" data-to=\"actor:d1\"",
                "data-step=\"2\" data-from=\"actor:d1\" data-to=\"actor:d2\"");
        assertNotEquals(good, noLane);
        String noStyle = good.replace("href=\"../style.css\"", "href=\"../missing.css\"");
        Files.writeString(broken.resolve("models/lost.html"), lost);
        Files.writeString(broken.resolve("models/astray.html"), astray);
        Files.writeString(broken.resolve("models/nolane.html"), noLane);
        Files.writeString(broken.resolve("models/nostyle.html"), noStyle);
        try (Browser.Page p = browser.open(1280, 900, false)) {
            p.load(broken.resolve("models/lost.html"));
            assertEquals(List.of("cx: 7 steps declared, 6 drawn", "cx: 7 steps drawn but 6 rows in its table".replace("7 steps drawn but 6", "6 steps drawn but 7"),
                    "cx: step 3 is numbered 4", "cx: step 4 is numbered 5", "cx: step 5 is numbered 6", "cx: step 6 is numbered 7"),
                    PageCheck.diagramProblems(p.evaluate(PageCheck.DIAGRAMS).get(0)));
            p.load(broken.resolve("models/astray.html"));
            List<String> astrayProblems = PageCheck.diagramProblems(p.evaluate(PageCheck.DIAGRAMS).get(0));
            assertEquals(1, astrayProblems.size(), astrayProblems.toString());
            assertTrue(astrayProblems.get(0).startsWith("cx: step 6 is empty or drawn outside the diagram"), astrayProblems.toString());
            p.load(broken.resolve("models/nolane.html"));
            assertEquals(List.of("cx: step 2 goes from actor:d1 to actor:d2, not both lanes of [actor:d1, exporter]"),
                    PageCheck.diagramProblems(p.evaluate(PageCheck.DIAGRAMS).get(0)));
            p.load(broken.resolve("models/nostyle.html"));
            List<String> problems = p.problems();
            assertTrue(problems.stream().anyMatch(x -> x.contains("missing.css") || x.contains("ERR_FILE_NOT_FOUND")), problems.toString());
        }
    }

    private static JsonNode diagram(String page) throws IOException {
        try (Browser.Page p = browser.open(1280, 900, false)) {
            p.load(SITE.resolve(page));
            assertEquals(List.of(), p.problems());
            JsonNode all = p.evaluate(PageCheck.DIAGRAMS);
            assertEquals(1, all.size(), page + " should hold one diagram");
            return all.get(0);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (Files.exists(p)) {
            try (Stream<Path> s = Files.walk(p)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
