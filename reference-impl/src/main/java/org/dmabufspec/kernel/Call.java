package org.dmabufspec.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dmabufspec.trace.Errno;
import org.dmabufspec.trace.ObjectIds;
import org.dmabufspec.trace.ObservedState;
import org.dmabufspec.trace.Result;
import org.dmabufspec.trace.Tracer;

/**
 * One traced call in progress, owned by the calling thread: opened by {@link Kernel#call}, filled
 * in while the call runs, and closed exactly once (use try-with-resources) which emits the event.
 */
public final class Call implements AutoCloseable {
    private final Tracer tracer;
    private final Tracer.Span span;
    private final String op;
    private String ioctl;
    private ObjectIds ids;
    private Map<String, Object> args;
    private ObservedState state;
    private Errno errno;
    private Object ret;
    private Boolean resvHeld;
    private boolean hidden;
    private final List<String> misuse = new ArrayList<>(0);
    private final SchedulePerturbation perturbation;

    Call(Tracer tracer, String op, ObjectIds ids, SchedulePerturbation perturbation) {
        this.tracer = tracer;
        this.span = tracer.begin();
        this.op = op;
        this.ids = ids;
        this.perturbation = perturbation;
        perturbation.point(); // between the start stamp and the effect
    }

    public String op() {
        return op;
    }

    public boolean traced() {
        return span != null;
    }

    public Call ids(ObjectIds v) {
        ids = v;
        return this;
    }

    public ObjectIds ids() {
        return ids;
    }

    public Call arg(String k, Object v) {
        if (span != null) {
            if (args == null) {
                args = new LinkedHashMap<>();
            }
            args.put(k, v);
        }
        return this;
    }

    public Call state(ObservedState s) {
        state = s;
        return this;
    }

    public Call ioctl(String name) {
        ioctl = name;
        return this;
    }

    public Call resvHeld(boolean held) {
        resvHeld = held;
        return this;
    }

    public Call hidden() {
        hidden = true;
        return this;
    }

    public Call ret(Object v) {
        ret = v;
        return this;
    }

    /** Sets the result errno and returns an exception to throw. */
    public KernelError fail(Errno e, String message) {
        errno = e;
        return new KernelError(e, op + ": " + message);
    }

    public void result(Errno e) {
        errno = e;
    }

    public Errno errno() {
        return errno;
    }

    /** Where lockdep checks append the rules this call broke. */
    public List<String> misuse() {
        return misuse;
    }

    @Override
    public void close() {
        perturbation.point(); // between the effect and the end stamp
        if (span != null) {
            tracer.end(span, op, ioctl, ids, args, Result.of(errno), ret, resvHeld, state, hidden, misuse);
        }
    }
}
