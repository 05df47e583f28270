package org.dmabufspec.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LongestFirstTest {

    private static Model model(String name, Double seconds) {
        return new Model(name, "MC.tla", "MC.cfg", "-", new Expectation.Ok(), Tier.DEFAULT,
                Optional.ofNullable(seconds).map(s -> new Measured(1, 1, s)), List.of(), List.of(), 1);
    }

    @Test
    void longModelsStartFirstUnmeasuredLastTiesInManifestOrder() {
        List<Model> manifest = List.of(model("a", 1.0), model("unmeasured", null), model("b", 30.0),
                model("c", 1.0), model("d", 12.5));
        assertEquals(List.of("b", "d", "a", "c", "unmeasured"),
                LongestFirst.order(manifest).stream().map(Model::name).toList());
    }
}
