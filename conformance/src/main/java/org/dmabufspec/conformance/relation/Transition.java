package org.dmabufspec.conformance.relation;

/** One labelled step of a {@link SpecRelation}: the TLA+ action's name and the state it leads to. */
public record Transition<S>(String action, S successor) {
}
