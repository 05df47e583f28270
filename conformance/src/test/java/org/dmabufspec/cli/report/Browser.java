package org.dmabufspec.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium driven over the DevTools protocol (java.net.http's WebSocket, no driver):
 * open a page at a given window width, collect what a person would see in the console
 * (errors, exceptions, failed loads) and any request that leaves the file system, evaluate
 * script in the page, take screenshots. Waits are on Chromium's own events, with a timeout
 * that only guards against a hung browser.
 */
final class Browser implements AutoCloseable {
    private static final long TIMEOUT_S = 120;
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<Consumer<JsonNode>> listeners = Collections.synchronizedList(new ArrayList<>());
    private final List<String> stderr = Collections.synchronizedList(new ArrayList<>());

    private Browser(Process process, Path profile, String url) throws IOException {
        this.process = process;
        this.profile = profile;
        this.socket = await(HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), new Listener()),
                "connecting to Chromium's DevTools");
    }

    static Browser start() throws IOException {
        Path profile = Files.createTempDirectory("dmabuf-report-chromium");
        Process p = new ProcessBuilder(Chromium.executable().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        CompletableFuture<String> url = new CompletableFuture<>();
        List<String> early = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    early.add(line);
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        url.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            url.completeExceptionally(new IOException("Chromium exited before DevTools listened:\n" + String.join("\n", early)));
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            return new Browser(p, profile, await(url, "Chromium's DevTools address"));
        } catch (IOException | RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /** One tab at {@code width} x {@code height} CSS pixels; {@code mobile} emulates a phone's viewport. */
    Page open(int width, int height, boolean mobile) throws IOException {
        String target = call(null, "Target.createTarget", obj().put("url", "about:blank")).get("targetId").asText();
        String session = call(null, "Target.attachToTarget", obj().put("targetId", target).put("flatten", true)).get("sessionId").asText();
        Page page = new Page(target, session);
        listeners.add(page.listener);
        for (String domain : List.of("Page", "Runtime", "Log", "Network")) {
            call(session, domain + ".enable", obj());
        }
        call(session, "Emulation.setDeviceMetricsOverride", obj().put("width", width).put("height", height)
                .put("deviceScaleFactor", 1).put("mobile", mobile));
        return page;
    }

    /** A tab: what it logged since it loaded its page. */
    final class Page implements AutoCloseable {
        private final String target;
        private final String session;
        private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
        private final Consumer<JsonNode> listener = this::event;
        private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

        private Page(String target, String session) {
            this.target = target;
            this.session = session;
        }

        private void event(JsonNode m) {
            if (!session.equals(m.path("sessionId").asText())) {
                return;
            }
            JsonNode p = m.path("params");
            switch (m.path("method").asText()) {
                case "Page.loadEventFired" -> loaded.complete(null);
                case "Runtime.consoleAPICalled" -> {
                    String type = p.path("type").asText();
                    if (type.equals("error") || type.equals("assert") || type.equals("warning")) {
                        problems.add("console." + type + ": " + p.path("args").toString());
                    }
                }
                case "Runtime.exceptionThrown" -> problems.add("exception: " + p.path("exceptionDetails").toString());
                case "Log.entryAdded" -> {
                    String level = p.path("entry").path("level").asText();
                    if (level.equals("error") || level.equals("warning")) {
                        problems.add("log " + level + ": " + p.path("entry").path("text").asText() + " "
                                + p.path("entry").path("url").asText());
                    }
                }
                case "Network.requestWillBeSent" -> {
                    String url = p.path("request").path("url").asText();
                    if (!url.startsWith("file:") && !url.startsWith("data:") && !url.equals("about:blank")) {
                        problems.add("network request: " + url);
                    }
                }
                case "Network.loadingFailed" -> problems.add("failed to load: " + p.path("errorText").asText() + " "
                        + p.path("type").asText());
                default -> {
                }
            }
        }

        /** Loads the file and returns once its load event fired. */
        void load(Path file) throws IOException {
            problems.clear();
            loaded = new CompletableFuture<>();
            JsonNode r = call(session, "Page.navigate", obj().put("url", file.toUri().toString()));
            if (r.has("errorText")) {
                problems.add("navigation failed: " + r.get("errorText").asText());
                return;
            }
            await(loaded, "the load event of " + file);
        }

        /** Console errors and warnings, exceptions, failed loads and requests that left file:, in order. */
        List<String> problems() {
            // A round trip to the page first: events sent before its answer have been received.
            evaluate("1");
            return List.copyOf(problems);
        }

        /** Evaluates a script expression in the page; its value as JSON. */
        JsonNode evaluate(String expression) {
            try {
                JsonNode r = call(session, "Runtime.evaluate", obj().put("expression", expression).put("returnByValue", true));
                if (r.has("exceptionDetails")) {
                    throw new AssertionError("script failed in the page: " + r.get("exceptionDetails"));
                }
                return r.path("result").path("value");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        /** Emulates a media type ("print" or "") and a colour scheme ("dark", "light" or "") for what follows. */
        void media(String type, String colorScheme) throws IOException {
            ObjectNode p = obj().put("media", type);
            p.putArray("features").addObject().put("name", "prefers-color-scheme").put("value", colorScheme);
            call(session, "Emulation.setEmulatedMedia", p);
        }

        void screenshot(Path png) throws IOException {
            JsonNode r = call(session, "Page.captureScreenshot", obj().put("format", "png"));
            Files.createDirectories(png.toAbsolutePath().getParent());
            Files.write(png, Base64.getDecoder().decode(r.get("data").asText()));
        }

        @Override
        public void close() throws IOException {
            listeners.remove(listener);
            call(null, "Target.closeTarget", obj().put("targetId", target));
        }
    }

    private static ObjectNode obj() {
        return JSON.createObjectNode();
    }

    private JsonNode call(String session, String method, ObjectNode params) throws IOException {
        int id = ids.incrementAndGet();
        ObjectNode msg = obj().put("id", id).put("method", method);
        msg.set("params", params);
        if (session != null) {
            msg.put("sessionId", session);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        synchronized (socket) {
            await(socket.sendText(msg.toString(), true), "sending " + method);
        }
        JsonNode r = await(answer, method);
        if (r.has("error")) {
            throw new IOException(method + " failed: " + r.get("error"));
        }
        return r.path("result");
    }

    private static <T> T await(CompletionStage<T> f, String what) throws IOException {
        try {
            return f.toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + what, e);
        } catch (ExecutionException e) {
            throw new IOException(what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("Chromium did not answer in " + TIMEOUT_S + " s: " + what, e);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String s = text.toString();
                text.setLength(0);
                try {
                    JsonNode m = JSON.readTree(s);
                    if (m.has("id")) {
                        CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
                        if (f != null) {
                            f.complete(m);
                        }
                    } else {
                        List<Consumer<JsonNode>> copy;
                        synchronized (listeners) {
                            copy = List.copyOf(listeners);
                        }
                        copy.forEach(l -> l.accept(m));
                    }
                } catch (IOException e) {
                    stderr.add("unreadable DevTools message: " + e.getMessage());
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            pending.values().forEach(f -> f.completeExceptionally(error));
        }
    }

    @Override
    public void close() throws IOException {
        // chromium's helpers (network service, renderers) outlive the browser process by a moment
        // and keep writing into the profile: take them down too before removing it
        List<ProcessHandle> helpers = process.descendants().toList();
        try {
            call(null, "Browser.close", obj());
        } catch (IOException e) {
            // fall through to killing it
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            for (ProcessHandle h : helpers) {
                h.destroy();
                try {
                    h.onExit().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    h.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteProfile();
    }

    /** Removes the profile; a file that vanishes meanwhile (a helper's temporary file) is no error. */
    private void deleteProfile() throws IOException {
        Files.walkFileTree(profile, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult visitFile(Path f, java.nio.file.attribute.BasicFileAttributes a) throws IOException {
                Files.deleteIfExists(f);
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
                if (e instanceof java.nio.file.NoSuchFileException) {
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public java.nio.file.FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.deleteIfExists(d);
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
    }
}
