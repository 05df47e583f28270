package org.dmabufspec.conformance.relation.attach;

import static org.dmabufspec.conformance.relation.attach.AttachFixtures.dynamicExporter;
import static org.dmabufspec.conformance.relation.attach.AttachFixtures.printed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.dmabufspec.tlc.TlaValue;
import org.junit.jupiter.api.Test;

class AttachStateCodecTest {

    @Test
    void encodeUsesModelValuesForDeclaredNamesAndStringsForSentinels() {
        DmaBufAttachRelation r = dynamicExporter("6.2");
        Map<String, TlaValue> v = r.encode(r.init());
        assertEquals(AttachStateCodec.VARIABLES.size(), v.size());
        assertEquals("(b1 :> \"nobody\")", v.get("holder").toTla());
        assertTrue(v.get("storage").toTla().contains("r1 :> b1"), v.get("storage").toTla());
        assertEquals(r.init(), r.decode(v));
    }

    @Test
    void missingVariableIsNamed() {
        DmaBufAttachRelation r = dynamicExporter("6.2");
        Map<String, TlaValue> v = new LinkedHashMap<>(r.encode(r.init()));
        v.remove("walkTodo");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.decode(v));
        assertTrue(e.getMessage().contains("walkTodo"), e.getMessage());
    }

    @Test
    void missingConstantIsNamed() {
        Map<String, TlaValue> c = new LinkedHashMap<>(printed("6.2", true, "{b1}", "{}", "{}"));
        c.remove("CacheSgtExporters");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AttachConstants.from(c));
        assertTrue(e.getMessage().contains("CacheSgtExporters"), e.getMessage());
    }
}
