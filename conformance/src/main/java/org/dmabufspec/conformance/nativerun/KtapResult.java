package org.dmabufspec.conformance.nativerun;

/** One result line of KTAP output: {@code ok 3 name} or {@code not ok 3 name # SKIP why}. */
public record KtapResult(int number, String name, boolean ok, String skipReason) {

    /** A skipped test did not run: for native conformance it counts as not passed. */
    public boolean skipped() {
        return skipReason != null;
    }

    public boolean passed() {
        return ok && !skipped();
    }
}
