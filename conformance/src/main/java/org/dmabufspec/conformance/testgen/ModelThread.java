package org.dmabufspec.conformance.testgen;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.dmabufspec.kernel.KernelError;

/**
 * One thread of a model (an importer, the exporter, a copy engine) as its own Java thread, so a
 * call may sleep in a lock or a wait while other threads' calls are driven. A call's kernel error
 * comes back as its errno name, like a return value.
 */
public final class ModelThread {
    /** How long a call may take to return before the executor reports it instead of waiting on. */
    public static final long RETURN_BOUND_SECONDS = 60;

    private final LinkedBlockingQueue<FutureTask<String>> inbox = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile FutureTask<String> pending;

    public ModelThread(String name) {
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (true) {
            try {
                inbox.take().run();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    public Thread thread() {
        return thread;
    }

    /** The last call submitted, or null. */
    public FutureTask<String> pending() {
        return pending;
    }

    public FutureTask<String> submit(Callable<String> c) {
        FutureTask<String> t = new FutureTask<>(() -> {
            try {
                return c.call();
            } catch (KernelError e) {
                return e.errno().name();
            }
        });
        pending = t;
        inbox.add(t);
        return t;
    }

    /**
     * Makes a call the model may put to sleep: {@code called} at once if the model's next step of
     * this thread collects its result ({@code expect} is {@code called}), {@code sleeps} once the
     * thread sleeps in it ({@link #asleepInCall}), else its result.
     */
    public String call(Callable<String> c, String expect) {
        submit(c);
        if (expect.equals("called")) {
            return "called"; // a later step collects its result
        }
        if (settleSleeping(ModelThread::asleepInCall)) {
            return "sleeps";
        }
        return result(pending);
    }

    /** Submits the call and waits for its result. */
    public String run(Callable<String> c) {
        return result(submit(c));
    }

    /** The result of the call the model let return (made earlier with {@code called} or left asleep). */
    public String collect() {
        FutureTask<String> p = pending;
        if (p == null) {
            return "no call to return from";
        }
        try {
            return p.get(RETURN_BOUND_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return "still asleep after " + RETURN_BOUND_SECONDS + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (ExecutionException e) {
            return "threw " + e.getCause();
        }
    }

    public boolean busy() {
        FutureTask<String> p = pending;
        return p != null && !p.isDone();
    }

    /** Until the call returns (false) or the thread is asleep as {@code asleep} tells (true). */
    public boolean settleSleeping(Predicate<Thread> asleep) {
        while (busy()) {
            if (asleep.test(thread)) {
                return true;
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        return false;
    }

    private static final String WW_MUTEX = "org.dmabufspec.resv.WwMutex";
    private static final String DMA_FENCE = "org.dmabufspec.fence.DmaFence";

    /**
     * Asleep where a model lets a call sleep: in a condition wait inside {@code WwMutex.lock}, or
     * in the monitor wait of {@code DmaFence.awaitSignaled} (not in its own inbox's wait).
     */
    public static boolean asleepInCall(Thread t) {
        if (t.getState() != Thread.State.WAITING) {
            return false;
        }
        boolean waitCall = false;
        for (StackTraceElement e : t.getStackTrace()) {
            String m = e.getMethodName();
            if (m.equals("await") && e.getClassName().contains("ConditionObject") || m.startsWith("wait") && e.getClassName().equals("java.lang.Object")) {
                waitCall = true;
            } else if (waitCall && (e.getClassName().equals(WW_MUTEX) && m.equals("lock")
                    || e.getClassName().equals(DMA_FENCE) && m.equals("awaitSignaled"))) {
                return true;
            }
        }
        return false;
    }

    public void interrupt() {
        thread.interrupt();
    }

    /** A call's result, or what went wrong waiting for it, worded for a conformance failure. */
    public static String result(FutureTask<String> t) {
        try {
            return t.get(RETURN_BOUND_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return "did not return within " + RETURN_BOUND_SECONDS + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (ExecutionException e) {
            return "threw " + e.getCause();
        }
    }
}
