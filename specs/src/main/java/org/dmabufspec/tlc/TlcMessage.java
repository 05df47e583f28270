package org.dmabufspec.tlc;

/**
 * One message of TLC's {@code -tool} output:
 * {@code @!@!@STARTMSG code:severity @!@!@ body @!@!@ENDMSG code @!@!@}.
 * Severity 0 is information, 1 an error, 4 a trace state.
 */
public record TlcMessage(int code, int severity, String body) {
    public static final int INVARIANT_VIOLATED = 2110;
    public static final int INVARIANT_VIOLATED_INITIAL = 2107;
    public static final int DEADLOCK = 2114;
    public static final int TEMPORAL_VIOLATED = 2116;
    public static final int ACTION_PROPERTY_VIOLATED = 2112;
    public static final int ASSUMPTION_FALSE = 2104;
    public static final int ASSERT_FAILED = 2132;
    public static final int ERROR_NESTED_EXPRESSIONS = 2103;
    public static final int BEHAVIOR_UP_TO_THIS_POINT = 2121;
    public static final int COUNTEREXAMPLE = 2264;
    public static final int TRACE_STATE = 2217;
    public static final int TRACE_STUTTERING = 2218;
    public static final int TRACE_BACK_TO_STATE = 2122;
    public static final int PROGRESS = 2200;
    public static final int SUCCESS = 2193;
    public static final int STATS = 2199;
    public static final int DEPTH = 2194;
    public static final int PARSE_FAILED = 3002;
}
