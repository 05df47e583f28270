package org.dmabufspec.conformance.trace;

import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * The tokens of one record (one line), as {@link TraceReader} consumes them: Jackson's token
 * kinds, read through either Jackson ({@link JacksonTokens}) or the line scanner that handles the
 * common plain-ASCII record shape ({@link FastTokens}).
 */
interface RecordTokens {
    /** The next token; null after the record's closing brace when nothing else is on the line. */
    JsonToken nextToken() throws IOException;

    /** The name of the current FIELD_NAME token. */
    String currentName() throws IOException;

    /** The current token's text (a string value without quotes, a number's digits, "true"). */
    String getText() throws IOException;

    /** The current string value, shared with earlier equal values (see {@link StringCache}). */
    String cachedText() throws IOException;

    /** Whether the current integer token does not fit in 64 bits. */
    boolean beyond64Bits() throws IOException;

    /** The current integer token (only when {@link #beyond64Bits()} is false). */
    long longValue() throws IOException;
}
