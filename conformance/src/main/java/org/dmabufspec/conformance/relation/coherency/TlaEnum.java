package org.dmabufspec.conformance.relation.coherency;

import java.util.Arrays;

/** The TLA+ string values of DmaBufCoherency.tla's enumerations ("none", "TO_DEVICE", "dirty", ...). */
interface TlaEnum {

    /** The string as the spec writes it. */
    String tla();

    /** The constant whose TLA+ string is {@code value}; {@code what} names the variable or constant in the error. */
    static <E extends Enum<E> & TlaEnum> E parse(Class<E> type, String value, String what) {
        return Arrays.stream(type.getEnumConstants())
                .filter(e -> e.tla().equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "DmaBufCoherency " + what + ": unexpected value \"" + value + "\", expected one of "
                                + Arrays.stream(type.getEnumConstants()).map(TlaEnum::tla).toList()));
    }
}
