package org.dmabufspec.conformance.relation.walk.device;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmabufspec.conformance.relation.device.DeviceAccessConstants;
import org.dmabufspec.conformance.relation.device.DmaBufDeviceAccessRelation;

/**
 * The DmaBufDeviceAccess model a device walk runs in: the default-tier cfgs' constants (buffer b1
 * in regions r1 (initial) and r2, job slot j1 per importer, BIDIRECTIONAL maps, exporter e1).
 * "6.15" and "7.1" (MCDmaBufDeviceAccess_6_15 / _7_1.cfg): two dynamic importers d1, d2 on b1 with
 * one mapping slot m1 each, d2 read-and-discard under 7.1. "6.15_Remap" and "7.1_Remap"
 * (_6_15_Remap / _7_1_Remap.cfg): one dynamic importer d1 with mapping slots m1 and m2,
 * read-and-discard under 7.1.
 */
public record DeviceWalkConfig(String model) {
    public static final List<String> MODELS = List.of("6.15", "7.1", "6.15_Remap", "7.1_Remap");

    public DeviceWalkConfig {
        if (!MODELS.contains(model)) {
            throw new IllegalArgumentException("device walk model " + model + " is not one of " + MODELS);
        }
    }

    public static List<DeviceWalkConfig> all() {
        return MODELS.stream().map(DeviceWalkConfig::new).toList();
    }

    public String behaviour() {
        return model.substring(0, model.indexOf('_') < 0 ? model.length() : model.indexOf('_'));
    }

    public boolean v71() {
        return behaviour().equals("7.1");
    }

    public boolean remap() {
        return model.endsWith("_Remap");
    }

    public DeviceAccessConstants constants() {
        Map<String, String> importerBuf = remap() ? Map.of("d1", "b1") : Map.of("d1", "b1", "d2", "b1");
        Set<String> readAndDiscard = !v71() ? Set.of() : remap() ? Set.of("d1") : Set.of("d2");
        return new DeviceAccessConstants(behaviour(), Set.of("b1"), importerBuf.keySet(), importerBuf, importerBuf.keySet(),
                readAndDiscard, Set.of("r1", "r2"), Map.of("b1", "r1"), remap() ? Set.of("m1", "m2") : Set.of("m1"),
                Set.of("j1"), Set.of("BIDIRECTIONAL"), Set.of("e1"));
    }

    public DmaBufDeviceAccessRelation relation() {
        return new DmaBufDeviceAccessRelation(constants());
    }

    @Override
    public String toString() {
        return model;
    }
}
