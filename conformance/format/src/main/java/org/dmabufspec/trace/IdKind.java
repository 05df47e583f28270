package org.dmabufspec.trace;

/** The object id fields of an event (TRACE-FORMAT.md "Object ids"). */
public enum IdKind {
    BUF("buf"), ATTACH("attach"), DEV("dev"), FENCE("fence"), FENCES("fences"), CTX("ctx"),
    SYNC_FILE("sync_file"), SGT("sgt"), CB("cb");

    private final String field;

    IdKind(String field) {
        this.field = field;
    }

    public String field() {
        return field;
    }
}
