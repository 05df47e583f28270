package org.dmabufspec.fence;

/**
 * Kernel bugs of dma-fence.c that {@link DmaFence} can be built with ({@code Kernel.inject}), each
 * the code of one expected-violation model of the specs, so a counterexample can be replayed on
 * the reference implementation with and without the bug.
 */
public enum FenceBug {
    CALLBACK_LIST_ADD("callback-list-add", "F7", "DmaFence_CallbackListAdd",
            "dma_fence_add_callback uses list_add instead of list_add_tail: callbacks run newest first"),
    LATE_CALLBACK_RUNS("late-callback-runs", "F7", "DmaFence_LateCallbackRuns",
            "dma_fence_add_callback on a signalled fence calls the callback and still returns -ENOENT"),
    REMOVE_WITHOUT_UNLINK("remove-without-unlink", "F7", "DmaFence_RemoveWithoutUnlink",
            "dma_fence_remove_callback returns true without list_del_init: the removed callback still runs"),
    RELEASE_WITHOUT_FORCE_SIGNAL("release-without-force-signal", "F11", "DmaFence_ReleasePendingCallbacks",
            "dma_fence_release of an unsignalled fence with callbacks frees it without the -EDEADLK force-signal"),
    LATE_ADD_RETURNS_ZERO("late-add-returns-zero", "F7", "DmaFence_St_test_late_add_callback_LateReturnsZero",
            "dma_fence_add_callback on a signalled fence returns 0 instead of -ENOENT (the callback never runs)"),
    REMOVE_RETURNS_FALSE("remove-returns-false", "F7", "DmaFence_St_test_rm_callback_RemoveReturnsFalse",
            "dma_fence_remove_callback unlinks a pending callback but returns false");

    private final String text;
    private final String rule;
    private final String model;
    private final String description;

    FenceBug(String text, String rule, String model, String description) {
        this.text = text;
        this.rule = rule;
        this.model = model;
        this.description = description;
    }

    /** The name {@code Kernel.inject} takes. */
    public String text() {
        return text;
    }

    /** The rule of docs/rules.md the bug breaks. */
    public String rule() {
        return rule;
    }

    /** The expected-violation model of specs/models.yaml whose mutant this bug is. */
    public String model() {
        return model;
    }

    public String description() {
        return description;
    }
}
