package org.dmabufspec.importer;

/** How a device touches a mapping. */
public enum Access {
    READ, WRITE
}
