package org.dmabufspec.conformance.nativerun;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Runs a helper script, echoing its stderr (progress) and keeping the last lines for error messages. */
final class Processes {
    record Result(int exit, String stdout, List<String> lastErrors) {
    }

    private Processes() {
    }

    static Result run(List<String> command, PrintStream echo) throws NativeRunException {
        ProcessBuilder pb = new ProcessBuilder(command);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new NativeRunException("cannot start " + command.get(0) + ": " + e.getMessage());
        }
        Deque<String> last = new ArrayDeque<>();
        Thread err = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    echo.println(l);
                    synchronized (last) {
                        last.addLast(l);
                        if (last.size() > 5) {
                            last.removeFirst();
                        }
                    }
                }
            } catch (IOException e) {
                echo.println("(lost the helper's messages: " + e.getMessage() + ")");
            }
        }, "stderr-" + command.get(0));
        err.start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor();
            err.join();
            synchronized (last) {
                return new Result(rc, out, List.copyOf(last));
            }
        } catch (IOException e) {
            throw new NativeRunException("reading " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new NativeRunException("interrupted while running " + command.get(0));
        }
    }
}
