package org.dmabufspec.conformance.trace;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/** A record's tokens from Jackson's streaming parser: every JSON form, with Jackson's errors. */
final class JacksonTokens implements RecordTokens {
    private final JsonParser parser;
    private final StringCache strings;

    JacksonTokens(JsonParser parser, StringCache strings) {
        this.parser = parser;
        this.strings = strings;
    }

    JsonParser parser() {
        return parser;
    }

    @Override
    public JsonToken nextToken() throws IOException {
        return parser.nextToken();
    }

    @Override
    public String currentName() throws IOException {
        return parser.currentName();
    }

    @Override
    public String getText() throws IOException {
        return parser.getText();
    }

    @Override
    public String cachedText() throws IOException {
        return strings.get(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
    }

    @Override
    public boolean beyond64Bits() throws IOException {
        return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER;
    }

    @Override
    public long longValue() throws IOException {
        return parser.getLongValue();
    }
}
