package org.dmabufspec.conformance.relation;

import java.util.List;
import java.util.Map;

import org.dmabufspec.tlc.Model;
import org.dmabufspec.tlc.TlaValue;

/**
 * Builds the Java relation of the manifest models of one spec module. The constants come from
 * TLC itself (the harness prints the listed expressions from the model), so the Java side never
 * restates a cfg.
 */
public interface RelationProvider {

    /** True if this provider mirrors the model's MC module and cfg. */
    boolean handles(Model model);

    /** The constant expressions the relation needs, evaluated by TLC in the model's own context. */
    List<String> constants(Model model);

    /** The relation for this model, given the values TLC printed for {@link #constants}. */
    SpecRelation<?> relation(Model model, Map<String, TlaValue> constants);
}
