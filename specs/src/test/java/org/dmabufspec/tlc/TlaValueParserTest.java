package org.dmabufspec.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

class TlaValueParserTest {

    @Test
    void printedFunctionOfModelValuesParses() {
        TlaValue v = TlaValueParser.parse("(imp1 :> \"attached\" @@ imp2 :> \"detached\")");
        assertEquals(new TlaValue.Function(List.of(
                new TlaValue.Mapping(new TlaValue.ModelValue("imp1"), new TlaValue.Str("attached")),
                new TlaValue.Mapping(new TlaValue.ModelValue("imp2"), new TlaValue.Str("detached")))), v);
    }

    @Test
    void intervalExpandsToItsElements() {
        assertEquals(new TlaValue.SetValue(List.of(TlaValue.Int.of(1), TlaValue.Int.of(2), TlaValue.Int.of(3))),
                TlaValueParser.parse("1..3"));
    }

    @Test
    void bigIntegersKeepEveryDigit() {
        assertEquals(new TlaValue.Int(new BigInteger("123456789012345678901234567890")),
                TlaValueParser.parse("123456789012345678901234567890"));
    }

    @Test
    void malformedValuesAreRejectedWithTheirOffset() {
        TlaValueSyntaxException e = assertThrows(TlaValueSyntaxException.class, () -> TlaValueParser.parse("{1, 2"));
        assertEquals(5, e.offset());
        assertThrows(TlaValueSyntaxException.class, () -> TlaValueParser.parse("[a |-> 1, a |-> 2]"));
        assertThrows(TlaValueSyntaxException.class, () -> TlaValueParser.parse("\"open"));
        assertThrows(TlaValueSyntaxException.class, () -> TlaValueParser.parse("<<1>> 2"));
        assertThrows(TlaValueSyntaxException.class, () -> TlaValueParser.parse("[x \\in S |-> 1]"));
    }

    @Test
    void everyValuePrintedAsTlaParsesBackToItself() {
        qt().withExamples(500).forAll(values(3)).checkAssert(v -> assertEquals(v, TlaValueParser.parse(v.toTla())));
    }

    private static Gen<TlaValue> values(int depth) {
        Gen<TlaValue> ints = SourceDSL.longs().between(-1_000_000_000_000L, 1_000_000_000_000L).map(TlaValue.Int::of);
        Gen<TlaValue> strs = SourceDSL.strings().ascii().ofLengthBetween(0, 6).map(TlaValue.Str::new);
        Gen<TlaValue> bools = SourceDSL.booleans().all().map(TlaValue.Bool::new);
        Gen<TlaValue> mvs = SourceDSL.integers().between(0, 5).map(i -> new TlaValue.ModelValue("imp" + i));
        Gen<TlaValue> leaf = ints.mix(strs, 25).mix(bools, 20).mix(mvs, 25);
        if (depth == 0) {
            return leaf;
        }
        Gen<TlaValue> inner = values(depth - 1);
        Gen<List<TlaValue>> lists = SourceDSL.lists().of(inner).ofSizeBetween(0, 3);
        Gen<TlaValue> sets = lists.map(TlaValue.SetValue::new);
        Gen<TlaValue> seqs = lists.map(TlaValue.Sequence::new);
        Gen<TlaValue> recs = SourceDSL.lists().of(inner).ofSizeBetween(1, 3).map(l -> {
            Map<String, TlaValue> f = new LinkedHashMap<>();
            for (int i = 0; i < l.size(); i++) {
                f.put("field" + i, l.get(i));
            }
            return new TlaValue.Record(f);
        });
        Gen<TlaValue> fns = SourceDSL.lists().of(inner).ofSizeBetween(1, 3).map(l -> new TlaValue.Function(
                l.stream().map(x -> new TlaValue.Mapping(x, x)).toList()));
        return leaf.mix(sets, 20).mix(seqs, 20).mix(recs, 20).mix(fns, 20);
    }
}
